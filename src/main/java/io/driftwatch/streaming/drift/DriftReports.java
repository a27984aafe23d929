package io.driftwatch.streaming.drift;

import io.driftwatch.core.drift.DriftReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift reports this instance emits, in process: the latest one and listeners (for metrics). Only the instance
 * that runs the merge task emits reports; on the others {@link #latest()} stays empty (read the drift-reports topic to
 * see every report). With exactly-once, a report is published here when it is produced, before its transaction
 * commits: after a crash the same window may be published again.
 */
public final class DriftReports {

  private static final Logger LOG = LoggerFactory.getLogger(DriftReports.class);

  private volatile DriftReport latest;
  private final List<Consumer<DriftReport>> listeners = new CopyOnWriteArrayList<>();

  /** The last report this instance emitted, if any. */
  public Optional<DriftReport> latest() {
    return Optional.ofNullable(latest);
  }

  /** Called on the stream thread with every report this instance emits; must be quick and must not throw. */
  public void addListener(Consumer<DriftReport> listener) {
    listeners.add(listener);
  }

  void publish(DriftReport report) {
    latest = report;
    for (Consumer<DriftReport> listener : listeners) {
      try {
        listener.accept(report);
      } catch (RuntimeException e) {
        LOG.warn("a drift report listener failed; the stream goes on", e);
      }
    }
  }
}
