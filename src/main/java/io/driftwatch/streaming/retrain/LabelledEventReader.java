package io.driftwatch.streaming.retrain;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.retrain.LabelledRecord;
import io.driftwatch.streaming.readback.CommittedLog;
import io.driftwatch.streaming.readback.MissingTopicException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.KafkaException;

/**
 * Reads the labelled outcomes {@code retrain} learns from: the records of {@code topics.labelled-events} written since
 * a time (by record timestamp, found with {@code offsetsForTimes}), as a {@code read_committed} consumer in no group
 * sees them up to the end offsets of when reading began, mapped by {@link LabelledEventJson} onto the champion's
 * features; rows whose event time is at or after {@code until} are left out. Records that cannot be used are counted
 * by reason, never fatal.
 */
public final class LabelledEventReader {

  private LabelledEventReader() {}

  /**
   * @throws MissingTopicException the topic does not exist
   * @throws KafkaException the cluster cannot be reached or refuses
   */
  public static LabelledEvents read(Properties consumerProperties, String topic, ModelArtifact champion,
      Instant since, Optional<Instant> until) {
    LabelledEventJson json = new LabelledEventJson(champion);
    List<LabelledRecord> records = new ArrayList<>();
    Map<String, Integer> skipped = new HashMap<>();
    int[] read = new int[1];
    int[] late = new int[1];
    long untilMs = until.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
    int partitions = CommittedLog.read(consumerProperties, topic, since.toEpochMilli(), record -> {
      read[0]++;
      LabelledEventJson.Parsed parsed = json.parse(record.value());
      if (parsed instanceof LabelledEventJson.Skipped s) {
        skipped.merge(s.reason(), 1, Integer::sum);
      } else if (((LabelledEventJson.Row) parsed).record().eventTimeMs() >= untilMs) {
        late[0]++;
      } else {
        records.add(((LabelledEventJson.Row) parsed).record());
      }
    });
    return new LabelledEvents(topic, partitions, since, until, read[0], records, late[0], skipped);
  }
}
