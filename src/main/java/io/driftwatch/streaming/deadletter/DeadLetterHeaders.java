package io.driftwatch.streaming.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.driftwatch.core.event.RejectReason;
import io.driftwatch.streaming.scoring.RejectedEvent;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The headers a dead letter carries, all UTF-8 strings. The record's own key, value, timestamp and headers are kept;
 * earlier {@code driftwatch.*} headers (a dead letter replayed to the input and rejected again) are replaced.
 */
public final class DeadLetterHeaders {

  /** The stable reason code, e.g. {@code out_of_range} (see {@link io.driftwatch.core.event.RejectReason}). */
  public static final String REASON = "driftwatch.error.reason";
  /**
   * A human message naming the field, e.g. {@code field 'bmi' is 900, outside the accepted range [10, 80] kg/m2}: the
   * parser's words ({@link io.driftwatch.core.event.FeatureValueCheck}), which {@code predict} prints too.
   */
  public static final String MESSAGE = "driftwatch.error.message";
  /** The version of the model that judged the record; absent for {@code no_model}. */
  public static final String MODEL_VERSION = "driftwatch.model.version";
  /** Where the record came from: topic, partition and offset (decimal). */
  public static final String SOURCE_TOPIC = "driftwatch.source.topic";
  public static final String SOURCE_PARTITION = "driftwatch.source.partition";
  public static final String SOURCE_OFFSET = "driftwatch.source.offset";
  /** For {@code processing_error} only: the topology step that threw, e.g. {@code prediction-json}. */
  public static final String STEP = "driftwatch.error.step";
  /** For {@code processing_error} only: the exception's class name. */
  public static final String EXCEPTION = "driftwatch.error.exception";

  public static final List<String> ALL =
      List.of(REASON, MESSAGE, MODEL_VERSION, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET, STEP, EXCEPTION);

  private DeadLetterHeaders() {}

  /** The record's headers plus the dead-letter headers for {@code rejected}, read from {@code source}. */
  static Headers of(Headers original, RejectedEvent rejected, RecordMetadata source) {
    return of(original, rejected.reason(), rejected.message(), rejected.modelVersion(), source.topic(),
        source.partition(), source.offset());
  }

  /** The record's headers (copied) plus the dead-letter headers; {@code modelVersion} may be null. */
  static Headers of(Headers original, RejectReason reason, String message, String modelVersion, String topic,
      int partition, long offset) {
    Headers headers = new RecordHeaders(original.toArray());
    for (String name : ALL) {
      headers.remove(name);
    }
    headers.add(REASON, reason.code().getBytes(UTF_8));
    headers.add(MESSAGE, message.getBytes(UTF_8));
    if (modelVersion != null) {
      headers.add(MODEL_VERSION, modelVersion.getBytes(UTF_8));
    }
    headers.add(SOURCE_TOPIC, topic.getBytes(UTF_8));
    headers.add(SOURCE_PARTITION, Integer.toString(partition).getBytes(UTF_8));
    headers.add(SOURCE_OFFSET, Long.toString(offset).getBytes(UTF_8));
    return headers;
  }
}
