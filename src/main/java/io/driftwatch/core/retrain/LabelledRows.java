package io.driftwatch.core.retrain;

import io.driftwatch.core.data.Dataset;
import io.driftwatch.core.event.FeatureValueCheck;
import io.driftwatch.core.event.Rejection;
import io.driftwatch.core.model.FeatureSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Labelled outcomes ready to train and judge on: deduplicated by {@code event_id}, sorted by event time (oldest first;
 * equal times by {@code event_id}), every feature value one the champion accepts. Immutable: accessors return copies.
 *
 * <p><b>Duplicates: the first one read wins.</b> A record whose {@code event_id} was already read is dropped and
 * counted ({@link #duplicatesDropped()}), as the stream's outcome join does: it joins the first outcome of a
 * prediction and counts a second as a duplicate. Outcomes are keyed by {@code patient_id}, so a patient's duplicates
 * sit in one partition, in the order the join saw them; give the records in the order they were read.
 */
public final class LabelledRows {

  private final List<FeatureSpec> features;
  private final String[] eventIds;
  private final long[] eventTimes;
  private final double[][] rows;
  private final double[] outcomes;
  private final int labelsRead;
  private final int duplicatesDropped;

  private LabelledRows(List<FeatureSpec> features, String[] eventIds, long[] eventTimes, double[][] rows,
      double[] outcomes, int labelsRead, int duplicatesDropped) {
    this.features = features;
    this.eventIds = eventIds;
    this.eventTimes = eventTimes;
    this.rows = rows;
    this.outcomes = outcomes;
    this.labelsRead = labelsRead;
    this.duplicatesDropped = duplicatesDropped;
  }

  /**
   * The distinct labelled outcomes among {@code records} (in the order read), sorted by event time.
   *
   * @param features the champion's features ({@code ModelArtifact.features()}): record values are in their order
   * @throws IllegalArgumentException a record has no event id, the wrong number of values, a value that is not finite
   *     or that the champion does not accept (out of range, no category), or an outcome that is not finite; the
   *     message names the record's position and event id
   */
  public static LabelledRows of(List<FeatureSpec> features, List<LabelledRecord> records) {
    List<FeatureSpec> specs = List.copyOf(features);
    Set<String> seen = new HashSet<>();
    List<LabelledRecord> kept = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      LabelledRecord r = records.get(i);
      check(specs, i, r);
      if (seen.add(r.eventId())) {
        kept.add(r);
      }
    }
    kept.sort(Comparator.comparingLong(LabelledRecord::eventTimeMs).thenComparing(LabelledRecord::eventId));
    int n = kept.size();
    String[] ids = new String[n];
    long[] times = new long[n];
    double[][] rows = new double[n][];
    double[] outcomes = new double[n];
    for (int i = 0; i < n; i++) {
      LabelledRecord r = kept.get(i);
      ids[i] = r.eventId();
      times[i] = r.eventTimeMs();
      rows[i] = r.features().clone();
      outcomes[i] = r.outcome();
    }
    return new LabelledRows(specs, ids, times, rows, outcomes, records.size(), records.size() - n);
  }

  private static void check(List<FeatureSpec> specs, int index, LabelledRecord r) {
    String at = "labelled record " + index;
    if (r == null) {
      throw new IllegalArgumentException(at + " is null");
    }
    if (r.eventId() == null || r.eventId().isEmpty()) {
      throw new IllegalArgumentException(at + " has no event id");
    }
    at += " (event " + r.eventId() + ")";
    if (r.features() == null || r.features().length != specs.size()) {
      throw new IllegalArgumentException(at + " has " + (r.features() == null ? 0 : r.features().length)
          + " feature values for " + specs.size() + " features");
    }
    for (int j = 0; j < specs.size(); j++) {
      FeatureSpec f = specs.get(j);
      double value = r.features()[j];
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            at + ": " + FeatureValueCheck.nonFinite(f.name(), Double.toString(value), false).message());
      }
      // The stream's words for the same value (the champion refuses what its parser would refuse).
      Rejection refused = FeatureValueCheck.check(f, value, FeatureSpec.plain(value));
      if (refused != null) {
        throw new IllegalArgumentException(at + ": " + refused.message());
      }
    }
    if (!Double.isFinite(r.outcome())) {
      throw new IllegalArgumentException(at + ": outcome is " + r.outcome());
    }
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive), in time order; counts of their own (no duplicates). */
  public LabelledRows range(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + size() + " rows");
    }
    double[][] picked = new double[to - from][];
    for (int i = from; i < to; i++) {
      picked[i - from] = rows[i];
    }
    return new LabelledRows(features, Arrays.copyOfRange(eventIds, from, to), Arrays.copyOfRange(eventTimes, from, to),
        picked, Arrays.copyOfRange(outcomes, from, to), to - from, 0);
  }

  /** The rows as a {@link Dataset} for {@code ModelTrainer}: the champion's feature names, target {@code target}. */
  public Dataset toDataset(String name, String source, String target) {
    return new Dataset(name, source, featureNames(), target, rows, outcomes);
  }

  public List<FeatureSpec> features() {
    return features;
  }

  public List<String> featureNames() {
    return features.stream().map(FeatureSpec::name).toList();
  }

  /** Distinct labelled outcomes. */
  public int size() {
    return rows.length;
  }

  /** Records given, duplicates included. */
  public int labelsRead() {
    return labelsRead;
  }

  /** Records dropped because an earlier one had the same event id. */
  public int duplicatesDropped() {
    return duplicatesDropped;
  }

  public String eventId(int row) {
    return eventIds[row];
  }

  public long eventTimeMs(int row) {
    return eventTimes[row];
  }

  /** Event time of the oldest row. */
  public long firstEventTimeMs() {
    requireRows();
    return eventTimes[0];
  }

  /** Event time of the newest row. */
  public long lastEventTimeMs() {
    requireRows();
    return eventTimes[eventTimes.length - 1];
  }

  /** The raw feature values of one row, in feature order. */
  public double[] features(int row) {
    return rows[row].clone();
  }

  public double outcome(int row) {
    return outcomes[row];
  }

  /** Every outcome, in time order. */
  public double[] outcomes() {
    return outcomes.clone();
  }

  private void requireRows() {
    if (rows.length == 0) {
      throw new IllegalStateException("no labelled rows");
    }
  }
}
