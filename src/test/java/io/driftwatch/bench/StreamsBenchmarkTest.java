package io.driftwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.testing.KafkaBroker;
import io.driftwatch.testing.TrainedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness works end to end on a real broker, for the baseline and the scoring service; the numbers themselves
 * belong in docs/benchmarks.md, not here.
 */
class StreamsBenchmarkTest {

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @Test
  void measuresThroughputRoundsAndLatencyOfEverySubject() throws Exception {
    Map<String, Object> streams = new HashMap<>(StreamsBenchmark.Settings.defaultStreamsConfig());
    streams.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10); // many small transactions: output arrives in steps
    var settings = new StreamsBenchmark.Settings(20_000, 1_000, 2, 2, 0, 500, 300, streams);

    StreamsBenchmark.Result result =
        new StreamsBenchmark(kafka.bootstrapServers(), settings)
            .run(List.of(new PassThroughSubject(), new ScoringSubject(TrainedModels.diabetes())));

    // Rounds alternate the order; a run only ends once all 21 000 outputs are committed, one per input.
    assertThat(result.throughput())
        .extracting(t -> t.subject() + " " + t.round())
        .containsExactly("pass-through 1", "scoring-drift 1", "scoring-drift 2", "pass-through 2");
    assertThat(result.throughput()).allSatisfy(t -> {
      assertThat(t.records()).isGreaterThan(0).isLessThanOrEqualTo(20_000);
      assertThat(t.seconds()).isPositive();
    });
    if (Files.isDirectory(Path.of("/proc/self/task"))) {
      // The subject's stream threads are told apart from the broker's and the producer's.
      assertThat(result.throughput()).allSatisfy(t -> assertThat(t.cpuSecondsByRole())
          .containsKeys(ThreadCpu.Role.STREAM, ThreadCpu.Role.BROKER, ThreadCpu.Role.PRODUCER_IO));
      assertThat(BenchReport.markdown(result)).contains("CPU per event by thread");
    }
    assertThat(result.latency()).extracting(StreamsBenchmark.Latency::subject)
        .containsExactly("pass-through", "scoring-drift");
    assertThat(result.latency()).allSatisfy(l -> {
      assertThat(l.records()).isEqualTo(300);
      assertThat(l.p50()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(l.p99());
      assertThat(l.p99()).isLessThanOrEqualTo(l.max());
    });
    assertThat(BenchReport.markdown(result)).contains("| pass-through | ").contains("| scoring-drift | ");
  }
}
