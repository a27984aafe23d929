package io.driftwatch.streaming.retrain;

import io.driftwatch.core.retrain.LabelledRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link LabelledEventReader} read: the usable rows, in the order read, and what it left out.
 *
 * @param topic the labelled-events topic
 * @param partitions its partitions (all were read)
 * @param since records written at or after this time were read (record timestamps: when the outcome was produced)
 * @param until rows with an event time at or after this were left out ({@code --until}); empty: none
 * @param read records read in that range
 * @param records the usable rows with an event time before {@code until}, in the order read
 * @param atOrAfterUntil usable rows left out for their event time
 * @param skipped records that cannot be used, counted by reason
 */
public record LabelledEvents(String topic, int partitions, Instant since, Optional<Instant> until, int read,
    List<LabelledRecord> records, int atOrAfterUntil, Map<String, Integer> skipped) {

  public LabelledEvents {
    records = List.copyOf(records);
    skipped = Map.copyOf(skipped);
  }

  /** Records skipped, all reasons together. */
  public int skippedTotal() {
    return skipped.values().stream().mapToInt(Integer::intValue).sum();
  }
}
