package io.driftwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A subject that dies ends the benchmark with its error; its own broker, as the benchmark's topic names are fixed. */
class StreamsBenchmarkFailureTest {

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @Test
  void aSubjectThatStopsOnAnErrorFailsTheRunAtOnceInsteadOfWaitingForOutput() {
    var settings = new StreamsBenchmark.Settings(1_000, 100, 1, 1, 0, 500, 10,
        StreamsBenchmark.Settings.defaultStreamsConfig());
    BenchSubject broken = new BenchSubject() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public Running start(BenchRun run) {
        return new Running() {
          @Override
          public boolean failed() {
            return true;
          }

          @Override
          public void close() {}
        };
      }
    };
    long started = System.nanoTime();

    assertThatThrownBy(() -> new StreamsBenchmark(kafka.bootstrapServers(), settings).run(List.of(broken)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("broken stopped on an error (logged above)");
    // The run's own timeout is 10 minutes.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
  }
}
