package io.driftwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
                new StreamsBenchmark.Throughput("pass-through", 1, 1000, 0.010, 0.004, 0.012), // 100 000/s
                new StreamsBenchmark.Throughput("scoring", 1, 1000, 0.0125, 0.006, 0.015), // 80 000/s
                new StreamsBenchmark.Throughput("scoring", 2, 1000, 0.020, 0.0065, 0.02), // 50 000/s
                new StreamsBenchmark.Throughput("pass-through", 2, 1000, 0.008, 0.003, 0.010), // 125 000/s
                new StreamsBenchmark.Throughput("pass-through", 3, 1000, 0.0125, 0.005, 0.011), // 80 000/s
                new StreamsBenchmark.Throughput("scoring", 3, 1000, 0.010, 0.007, 0.016)), // 100 000/s
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
  void percentilesInterpolateLikeNumPy() {
    long[] sorted = {10, 20, 30, 40, 50};
    assertThat(StreamsBenchmark.percentile(sorted, 0.5)).isEqualTo(30);
    assertThat(StreamsBenchmark.percentile(sorted, 0.99)).isEqualTo(49.6);
    assertThat(StreamsBenchmark.percentile(new long[] {7}, 0.99)).isEqualTo(7);
  }
}
