package io.driftwatch.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The benchmark's results as a markdown table: throughput as the median of rounds and a ratio to the baseline, and
 * the median CPU time per event of the subject's stream threads and of the whole JVM (broker and clients included).
 */
public final class BenchReport {

  /** The subject every ratio is relative to. */
  public static final String BASELINE = "pass-through";

  private BenchReport() {}

  public static String markdown(StreamsBenchmark.Result result) {
    StreamsBenchmark.Settings s = result.settings();
    Map<String, List<StreamsBenchmark.Throughput>> runs = new LinkedHashMap<>();
    for (StreamsBenchmark.Throughput t : result.throughput()) {
      runs.computeIfAbsent(t.subject(), k -> new ArrayList<>()).add(t);
    }
    Map<String, StreamsBenchmark.Latency> latency =
        result.latency().stream().collect(Collectors.toMap(StreamsBenchmark.Latency::subject, l -> l));
    Double baseline = runs.containsKey(BASELINE) ? median(runs.get(BASELINE)) : null;

    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Throughput: %d events after %d warm-up events, %d partitions, median of %d round(s) after %d "
                + "untimed one(s). "
                + "Latency: %d events at %d/s, input timestamp to read_committed output.%n"
                + "Kafka Streams: %s.%n%n",
            s.events(), s.warmup(), s.partitions(), s.rounds(), s.warmupRounds(), s.latencyEvents(),
            s.latencyRate(),
            describe(s.streamsConfig())));
    out.append("| topology | events/s | rounds (events/s) | ratio vs pass-through | latency p50 | latency p99 "
        + "| stream-thread CPU/event | JVM CPU/event |\n");
    out.append("|---|---:|---|---:|---:|---:|---:|---:|\n");
    for (var entry : runs.entrySet()) {
      double median = median(entry.getValue());
      String rounds =
          entry.getValue().stream()
              .map(t -> String.format(Locale.ROOT, "%.0f", t.eventsPerSecond()))
              .collect(Collectors.joining(", "));
      String ratio = baseline == null ? "n/a" : String.format(Locale.ROOT, "%.2f", median / baseline);
      StreamsBenchmark.Latency l = latency.get(entry.getKey());
      out.append(
          String.format(
              Locale.ROOT, "| %s | %.0f | %s | %s | %s | %s | %.2f µs | %.2f µs |%n", entry.getKey(), median, rounds,
              ratio,
              l == null ? "n/a" : String.format(Locale.ROOT, "%.0f ms", l.p50()),
              l == null ? "n/a" : String.format(Locale.ROOT, "%.0f ms", l.p99()),
              median(entry.getValue(), StreamsBenchmark.Throughput::streamThreadMicrosPerEvent),
              median(entry.getValue(), StreamsBenchmark.Throughput::processMicrosPerEvent)));
    }
    appendCpuByRole(out, runs);
    return out.toString();
  }

  /** Where each subject's CPU goes, by thread role: median µs per event over its rounds. */
  private static void appendCpuByRole(StringBuilder out, Map<String, List<StreamsBenchmark.Throughput>> runs) {
    boolean measured = runs.values().stream().flatMap(List::stream).anyMatch(t -> !t.cpuSecondsByRole().isEmpty());
    if (!measured) {
      return;
    }
    out.append("\nCPU per event by thread (µs, median of rounds):\n\n| topology |");
    StringBuilder rule = new StringBuilder("|---|");
    for (ThreadCpu.Role role : ThreadCpu.Role.values()) {
      out.append(' ').append(role.label).append(" |");
      rule.append("---:|");
    }
    out.append('\n').append(rule).append('\n');
    for (var entry : runs.entrySet()) {
      out.append("| ").append(entry.getKey()).append(" |");
      for (ThreadCpu.Role role : ThreadCpu.Role.values()) {
        out.append(String.format(Locale.ROOT, " %.2f |", median(entry.getValue(), t -> t.microsPerEvent(role))));
      }
      out.append('\n');
    }
  }

  static double median(List<StreamsBenchmark.Throughput> runs) {
    return median(runs, StreamsBenchmark.Throughput::eventsPerSecond);
  }

  static double median(List<StreamsBenchmark.Throughput> runs, ToDoubleFunction<StreamsBenchmark.Throughput> value) {
    double[] rates = runs.stream().mapToDouble(value).sorted().toArray();
    int mid = rates.length / 2;
    return rates.length % 2 == 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
  }

  private static String describe(Map<String, Object> config) {
    return config.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
