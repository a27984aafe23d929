package io.driftwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployedReportTest {

  private static final DeployedBenchmark.Settings SETTINGS = new DeployedBenchmark.Settings(
      1000, 100, 4, 2, Path.of("."), Path.of("model.json"),
      List.of(DeployedBenchmark.ServeVariant.dataDrift(),
          new DeployedBenchmark.ServeVariant("c1", List.of("-XX:TieredStopAtLevel=1"), Map.of())),
      "/usr/bin/python3", null);

  private static DeployedBenchmark.Run run(String subject, int round, double wall, double steady, double cpu,
      double steadyCpu, Map<ThreadCpu.Role, Double> roles) {
    // 1000 events, 900 of them in the steady span; the first output at a tenth of the wall time.
    return new DeployedBenchmark.Run(subject, round, 1000, wall / 10, wall, steady, 900, cpu, steadyCpu, roles, roles);
  }

  @Test
  void reportsEachFiguresMedianTheRoundsAndTheMultipleOfThePythonScorer() {
    var roles = Map.of(ThreadCpu.Role.STREAM, 0.002, ThreadCpu.Role.JIT, 0.001, ThreadCpu.Role.GC, 0.0005);
    var result = new DeployedBenchmark.Result(SETTINGS, List.of(
        run(DeployedBenchmark.SERVE, 1, 0.05, 0.009, 0.008, 0.0045, roles), // 100 000/s steady, 20 000/s whole
        run("c1", 1, 0.04, 0.018, 0.006, 0.0036, roles), // 50 000/s steady
        run(DeployedBenchmark.PYTHON, 1, 0.1, 0.045, 0.017, 0.0144, Map.of()), // 20 000/s steady, 10 000/s whole
        run(DeployedBenchmark.PYTHON, 2, 0.1, 0.03, 0.015, 0.0135, Map.of()), // 30 000/s steady
        run("c1", 2, 0.04, 0.012, 0.006, 0.0036, roles), // 75 000/s
        run(DeployedBenchmark.SERVE, 2, 0.03, 0.006, 0.01, 0.0054, roles))); // 150 000/s steady

    assertThat(DeployedReport.markdown(result)).isEqualTo(
        "Deployed shape: each subject in its own process, started fresh, against a broker in another JVM; 1000"
            + " events in 4 partitions; steady = outputs 100→1000; median of 2 round(s).\n"
            + "driftwatch serve: JVM options as shipped, settings concept.enabled=false.\n"
            + "c1: JVM options -XX:TieredStopAtLevel=1, settings as shipped.\n"
            + "\n"
            + "| subject | steady events/s | rounds (steady events/s) | events/s, whole process | CPU µs/event, whole"
            + " process | CPU µs/event, steady | first output |\n"
            + "|---|---:|---|---:|---:|---:|---:|\n"
            + "| driftwatch serve | 125000 | 100000, 150000 | 26667 | 9.00 | 5.50 | 0.00 s |\n"
            + "| c1 | 62500 | 50000, 75000 | 25000 | 6.00 | 4.00 | 0.00 s |\n"
            + "| Python scorer | 25000 | 20000, 30000 | 10000 | 16.00 | 15.50 | 0.01 s |\n"
            + "\n"
            + "driftwatch serve ÷ Python scorer: 5.00× steady events/s, 2.67× over the whole process, 0.56× the CPU per"
            + " event.\n"
            + "c1 ÷ Python scorer: 2.50× steady events/s, 2.50× over the whole process, 0.38× the CPU per event.\n"
            + "\n"
            + "JVM CPU per event by thread (µs, median of rounds; whole process | steady span):\n"
            + "\n"
            + "| subject | stream threads | producer I/O | JIT compiler | GC | other |\n"
            + "|---|---:|---:|---:|---:|---:|\n"
            + "| driftwatch serve | 2.00 \\| 2.22 | 0.00 \\| 0.00 | 1.00 \\| 1.11 | 0.50 \\| 0.56 | 5.50 \\| 1.61 |\n"
            + "| c1 | 2.00 \\| 2.22 | 0.00 \\| 0.00 | 1.00 \\| 1.11 | 0.50 \\| 0.56 | 2.50 \\| 0.11 |\n"
            + "\n"
            + "The Python scorer is not a JVM: its CPU is in the first table only.\n"
            + "\n"
            + "The shortest steady span lasted 0.0 s: figures from spans of a few seconds mean little (the default"
            + " 500000 events give tens of seconds).\n");
  }

  @Test
  void theFloorIsSaidWhatItIsAndComparedWithThePeerLikeAnyRow() {
    var roles = Map.of(ThreadCpu.Role.STREAM, 0.001);
    var result = new DeployedBenchmark.Result(SETTINGS, List.of(
        run(DeployedBenchmark.SERVE, 1, 0.05, 0.009, 0.008, 0.0045, roles), // 100 000/s steady
        run(DeployedBenchmark.PASS_THROUGH, 1, 0.02, 0.003, 0.004, 0.0027, roles), // 300 000/s steady
        run(DeployedBenchmark.PYTHON, 1, 0.1, 0.045, 0.017, 0.0144, Map.of()))); // 20 000/s steady

    String report = DeployedReport.markdown(result);
    assertThat(report)
        .contains("Kafka Streams pass-through: the input's bytes copied to the output in a JVM of its own, with serve's"
            + " Kafka settings, JVM options and class-data archive: the floor of any service on Kafka Streams here.\n")
        .contains("| Kafka Streams pass-through | 300000 | 300000 | 50000 | 4.00 | 3.00 | 0.00 s |\n")
        .contains("Kafka Streams pass-through ÷ Python scorer: 15.00× steady events/s, 5.00× over the whole process,"
            + " 0.24× the CPU per event.\n")
        .contains("| Kafka Streams pass-through | 1.00 \\| 1.11 |");
  }

  @Test
  void otherTakesWhatNoLiveThreadAccountsFor() {
    var roles = Map.of(ThreadCpu.Role.STREAM, 0.004, ThreadCpu.Role.OTHER, 0.001);
    var run = run(DeployedBenchmark.SERVE, 1, 1, 0.5, 0.008, 0.006, roles);

    assertThat(run.microsPerEvent(ThreadCpu.Role.STREAM, false)).isEqualTo(4.0);
    // 8 ms in all, 5 ms in live threads: 1 ms of live "other" and 3 ms of threads that ended.
    assertThat(run.microsPerEvent(ThreadCpu.Role.OTHER, false)).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(run.steadyEventsPerSecond()).isEqualTo(1800);
    assertThat(run.wholeEventsPerSecond()).isEqualTo(1000);
  }

  @Test
  void startsTheBrokerProcessByItsNameAndReadsItsReadyLine() {
    assertThat(DeployedBenchmark.BROKER_MAIN).isEqualTo(io.driftwatch.demo.BrokerProcess.class.getName());
    assertThat(DeployedBenchmark.BROKER_READY_PREFIX).isEqualTo(io.driftwatch.demo.BrokerProcess.READY_PREFIX);
  }

  @Test
  void readsCpuTimeFromAStatLineWhoseNameHoldsSpacesAndParentheses() {
    String stat = "4242 (C2 Compiler (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 100 0 0";
    assertThat(ThreadCpu.cpuSeconds(stat)).isEqualTo(3.0);
    assertThat(ThreadCpu.processSeconds(ProcessHandle.current().pid())).isPositive();
  }
}
