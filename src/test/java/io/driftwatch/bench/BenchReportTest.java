package io.driftwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  @Test
  void reportsTheMedianOfRoundsTheRatioToPassThroughAndCpuPerEvent() {
    var settings = new StreamsBenchmark.Settings(1000, 100, 4, 3, 1, 500, 200, Map.of("num.stream.threads", 1));
    var result =
        new StreamsBenchmark.Result(
            settings,
            List.of(
                new StreamsBenchmark.Throughput("pass-through", 1, 1000, 0.010, 0.004, 0.012, Map.of()), // 100 000/s
                new StreamsBenchmark.Throughput("scoring", 1, 1000, 0.0125, 0.006, 0.015, Map.of()), // 80 000/s
                new StreamsBenchmark.Throughput("scoring", 2, 1000, 0.020, 0.0065, 0.02, Map.of()), // 50 000/s
                new StreamsBenchmark.Throughput("pass-through", 2, 1000, 0.008, 0.003, 0.010, Map.of()), // 125 000/s
                new StreamsBenchmark.Throughput("pass-through", 3, 1000, 0.0125, 0.005, 0.011, Map.of()), // 80 000/s
                new StreamsBenchmark.Throughput("scoring", 3, 1000, 0.010, 0.007, 0.016, Map.of())), // 100 000/s
            List.of(
                new StreamsBenchmark.Latency("pass-through", 200, 51.5, 120, 130),
                new StreamsBenchmark.Latency("scoring", 200, 60, 140.4, 150)));

    assertThat(BenchReport.markdown(result))
        .isEqualTo(
            "Throughput: 1000 events after 100 warm-up events, 4 partitions, median of 3 round(s) after 1 untimed"
                + " one(s). Latency: 200 events at 500/s, input timestamp to read_committed output.\n"
                + "Kafka Streams: num.stream.threads=1.\n"
                + "\n"
                + "| topology | events/s | rounds (events/s) | ratio vs pass-through | latency p50 | latency p99"
                + " | stream-thread CPU/event | JVM CPU/event |\n"
                + "|---|---:|---|---:|---:|---:|---:|---:|\n"
                + "| pass-through | 100000 | 100000, 125000, 80000 | 1.00 | 52 ms | 120 ms | 4.00 µs | 11.00 µs |\n"
                + "| scoring | 80000 | 80000, 50000, 100000 | 0.80 | 60 ms | 140 ms | 6.50 µs | 16.00 µs |\n");
  }

  @Test
  void breaksCpuDownByThreadRoleWhenItWasMeasured() {
    var settings = new StreamsBenchmark.Settings(1000, 100, 4, 1, 0, 500, 200, Map.of());
    var roles = Map.of(ThreadCpu.Role.STREAM, 0.002, ThreadCpu.Role.BROKER, 0.0015, ThreadCpu.Role.JIT, 0.0001);
    var result = new StreamsBenchmark.Result(
        settings,
        List.of(new StreamsBenchmark.Throughput("pass-through", 1, 1000, 0.010, 0.002, 0.004, roles)),
        List.of());

    assertThat(BenchReport.markdown(result)).endsWith(
        "\nCPU per event by thread (µs, median of rounds):\n\n"
            + "| topology | stream threads | broker | producer I/O | JIT compiler | GC | other |\n"
            + "|---|---:|---:|---:|---:|---:|---:|\n"
            + "| pass-through | 2.00 | 1.50 | 0.00 | 0.10 | 0.00 | 0.00 |\n");
  }

  @Test
  void tellsThreadRolesFromLinuxsFifteenCharacterNames() {
    String app = "bench-bench-scoring-out-3";
    assertThat(ThreadCpu.roleOf("bench-bench-sco", app)).isEqualTo(ThreadCpu.Role.STREAM);
    assertThat(ThreadCpu.roleOf("bench-bench-pas", app)).isEqualTo(ThreadCpu.Role.OTHER);
    assertThat(ThreadCpu.roleOf("b", app)).isEqualTo(ThreadCpu.Role.OTHER);
    assertThat(ThreadCpu.roleOf("kafka-producer-", app)).isEqualTo(ThreadCpu.Role.PRODUCER_IO);
    assertThat(ThreadCpu.roleOf("data-plane-kafk", app)).isEqualTo(ThreadCpu.Role.BROKER);
    assertThat(ThreadCpu.roleOf("C2 CompilerThre", app)).isEqualTo(ThreadCpu.Role.JIT);
    assertThat(ThreadCpu.roleOf("GC Thread#1", app)).isEqualTo(ThreadCpu.Role.GC);
    assertThat(ThreadCpu.roleOf("java", app)).isEqualTo(ThreadCpu.Role.OTHER);
  }

  @Test
  void readsThisJvmsThreadsOnLinux() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
    long end = System.nanoTime() + 50_000_000L;
    double spin = 0;
    while (System.nanoTime() < end) {
      spin += Math.sqrt(spin + 1);
    }
    var roles = ThreadCpu.snapshot("no-such-application");

    assertThat(spin).isPositive();
    assertThat(roles.get(ThreadCpu.Role.OTHER)).isGreaterThan(0.0); // this thread, among others
    assertThat(roles).doesNotContainKey(ThreadCpu.Role.STREAM);
  }

  @Test
  void percentilesInterpolateLikeNumPy() {
    long[] sorted = {10, 20, 30, 40, 50};
    assertThat(StreamsBenchmark.percentile(sorted, 0.5)).isEqualTo(30);
    assertThat(StreamsBenchmark.percentile(sorted, 0.99)).isEqualTo(49.6);
    assertThat(StreamsBenchmark.percentile(new long[] {7}, 0.99)).isEqualTo(7);
  }
}
