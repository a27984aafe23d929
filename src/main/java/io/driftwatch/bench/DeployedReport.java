package io.driftwatch.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The deployed benchmark's results as markdown: per subject, the medians of its rounds (each figure's own median),
 * the rounds themselves, each serve variant's steady throughput as a multiple of the Python scorer's, and the JVM's
 * CPU per event by thread role, over the whole process and in the steady span.
 */
public final class DeployedReport {

  private static final ThreadCpu.Role[] ROLES = {
    ThreadCpu.Role.STREAM, ThreadCpu.Role.PRODUCER_IO, ThreadCpu.Role.JIT, ThreadCpu.Role.GC, ThreadCpu.Role.OTHER
  };

  private DeployedReport() {}

  public static String markdown(DeployedBenchmark.Result result) {
    DeployedBenchmark.Settings s = result.settings();
    Map<String, List<DeployedBenchmark.Run>> bySubject = new LinkedHashMap<>();
    for (DeployedBenchmark.Run run : result.runs()) {
      bySubject.computeIfAbsent(run.subject(), k -> new ArrayList<>()).add(run);
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "Deployed shape: each subject in its own process, started fresh, against a broker in another JVM; %d events"
            + " in %d partitions; steady = outputs %d→%d; median of %d round(s).%n",
        s.events(), s.partitions(), s.steadyFrom(), s.events(), s.rounds()));
    for (DeployedBenchmark.ServeVariant v : s.variants()) {
      if (!v.javaOptions().isEmpty() || !v.settings().isEmpty()) {
        out.append(String.format(Locale.ROOT, "%s: JVM options %s, settings %s.%n", v.name(),
            v.javaOptions().isEmpty() ? "as shipped" : String.join(" ", v.javaOptions()),
            v.settings().isEmpty() ? "as shipped" : v.settings().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(", "))));
      }
    }
    if (bySubject.containsKey(DeployedBenchmark.PASS_THROUGH)) {
      out.append(String.format(Locale.ROOT, "%s: the input's bytes copied to the output in a JVM of its own, with"
          + " serve's Kafka settings, JVM options and class-data archive: the floor of any service on Kafka Streams"
          + " here.%n", DeployedBenchmark.PASS_THROUGH));
    }
    out.append('\n');
    out.append("| subject | steady events/s | rounds (steady events/s) | events/s, whole process | CPU µs/event, whole "
        + "process | CPU µs/event, steady | first output |\n");
    out.append("|---|---:|---|---:|---:|---:|---:|\n");
    bySubject.forEach((subject, runs) -> out.append(String.format(Locale.ROOT,
        "| %s | %.0f | %s | %.0f | %.2f | %.2f | %.2f s |%n", subject,
        median(runs, DeployedBenchmark.Run::steadyEventsPerSecond),
        runs.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.steadyEventsPerSecond()))
            .collect(Collectors.joining(", ")),
        median(runs, DeployedBenchmark.Run::wholeEventsPerSecond),
        median(runs, DeployedBenchmark.Run::cpuMicrosPerEvent),
        median(runs, DeployedBenchmark.Run::steadyCpuMicrosPerEvent),
        median(runs, DeployedBenchmark.Run::firstOutputSeconds))));

    List<DeployedBenchmark.Run> python = bySubject.get(DeployedBenchmark.PYTHON);
    if (python != null) {
      out.append('\n');
      double peer = median(python, DeployedBenchmark.Run::steadyEventsPerSecond);
      double peerWhole = median(python, DeployedBenchmark.Run::wholeEventsPerSecond);
      double peerCpu = median(python, DeployedBenchmark.Run::cpuMicrosPerEvent);
      for (var entry : bySubject.entrySet()) {
        if (!entry.getKey().equals(DeployedBenchmark.PYTHON)) {
          out.append(String.format(Locale.ROOT,
              "%s ÷ %s: %.2f× steady events/s, %.2f× over the whole process, %.2f× the CPU per event.%n",
              entry.getKey(), DeployedBenchmark.PYTHON,
              median(entry.getValue(), DeployedBenchmark.Run::steadyEventsPerSecond) / peer,
              median(entry.getValue(), DeployedBenchmark.Run::wholeEventsPerSecond) / peerWhole,
              median(entry.getValue(), DeployedBenchmark.Run::cpuMicrosPerEvent) / peerCpu));
        }
      }
    }

    out.append("\nJVM CPU per event by thread (µs, median of rounds; whole process | steady span):\n\n");
    out.append("| subject |");
    for (ThreadCpu.Role role : ROLES) {
      out.append(' ').append(role.label).append(" |");
    }
    out.append('\n').append("|---|").append("---:|".repeat(ROLES.length)).append('\n');
    bySubject.forEach((subject, runs) -> {
      if (subject.equals(DeployedBenchmark.PYTHON) || runs.get(0).cpuByRole().isEmpty()) {
        return;
      }
      out.append("| ").append(subject).append(" |");
      for (ThreadCpu.Role role : ROLES) {
        out.append(String.format(Locale.ROOT, " %.2f \\| %.2f |", median(runs, r -> r.microsPerEvent(role, false)),
            median(runs, r -> r.microsPerEvent(role, true))));
      }
      out.append('\n');
    });
    if (python != null) {
      out.append("\nThe Python scorer is not a JVM: its CPU is in the first table only.\n");
    }
    double shortest = result.runs().stream().mapToDouble(DeployedBenchmark.Run::steadySeconds).min().orElse(0);
    if (shortest < SHORT_STEADY_SECONDS) {
      out.append(String.format(Locale.ROOT, "%nThe shortest steady span lasted %.1f s: figures from spans of a few"
          + " seconds mean little (the default 500000 events give tens of seconds).%n", shortest));
    }
    return out.toString();
  }

  /** A steady span shorter than this gets a warning under the tables. */
  static final double SHORT_STEADY_SECONDS = 5;

  /** The median of one figure over the rounds (the mean of the middle two for an even count). */
  static double median(List<DeployedBenchmark.Run> runs, ToDoubleFunction<DeployedBenchmark.Run> figure) {
    double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
