package io.driftwatch.streaming;

import static java.nio.charset.StandardCharsets.UTF_8;

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
  /** A human message naming the field, e.g. {@code field 'bmi' is 900, outside the accepted range [10.0, 80.0]}. */
  public static final String MESSAGE = "driftwatch.error.message";
  /** The version of the model that judged the record; absent for {@code no_model}. */
  public static final String MODEL_VERSION = "driftwatch.model.version";
  /** Where the record came from: topic, partition and offset (decimal). */
  public static final String SOURCE_TOPIC = "driftwatch.source.topic";
  public static final String SOURCE_PARTITION = "driftwatch.source.partition";
  public static final String SOURCE_OFFSET = "driftwatch.source.offset";

  public static final List<String> ALL =
      List.of(REASON, MESSAGE, MODEL_VERSION, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET);

  private DeadLetterHeaders() {}

  /** The record's headers plus the dead-letter headers for {@code rejected}, read from {@code source}. */
  static Headers of(Headers original, RejectedEvent rejected, RecordMetadata source) {
    Headers headers = new RecordHeaders(original.toArray());
    for (String name : ALL) {
      headers.remove(name);
    }
    headers.add(REASON, rejected.reason().code().getBytes(UTF_8));
    headers.add(MESSAGE, rejected.message().getBytes(UTF_8));
    if (rejected.modelVersion() != null) {
      headers.add(MODEL_VERSION, rejected.modelVersion().getBytes(UTF_8));
    }
    headers.add(SOURCE_TOPIC, source.topic().getBytes(UTF_8));
    headers.add(SOURCE_PARTITION, Integer.toString(source.partition()).getBytes(UTF_8));
    headers.add(SOURCE_OFFSET, Long.toString(source.offset()).getBytes(UTF_8));
    return headers;
  }
}
