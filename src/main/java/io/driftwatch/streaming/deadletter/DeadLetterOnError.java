package io.driftwatch.streaming.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.driftwatch.core.event.RejectReason;
import io.driftwatch.streaming.config.Topics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' processing exception handler (KIP-1033) that turns an unexpected exception on one record into a dead
 * letter (KIP-1034) instead of a dead stream thread. Whatever step threw (parsing, scoring, writing the prediction,
 * drift bookkeeping), the record as it was read (raw key, value, timestamp and headers) goes to the dead-letter topic
 * inside the same transaction, with reason {@code processing_error}, the failing step and the exception's class in
 * headers, and processing resumes with the next record. Without this, under exactly-once, the uncommitted record is
 * read again after every restart and stops every instance in turn.
 *
 * <p>Steps that already produced output for the record before the failure keep it: a record that fails in drift
 * bookkeeping has its prediction and a dead letter. Errors in punctuations have no record: they are logged (class and
 * step only) and processing resumes. The global models thread never dead-letters: the models processor validates
 * everything itself.
 */
public final class DeadLetterOnError implements ProcessingExceptionHandler {

  /** Where the handler finds the dead-letter topic (a String), set by {@link #configure(Properties, Topics, RecordOutcomes)}. */
  static final String DEAD_LETTER_TOPIC = "driftwatch.internal.dead-letter-topic";
  static final String MODELS_TOPIC = "driftwatch.internal.models-topic";
  /** The instance's {@link RecordOutcomes} object, passed through the configuration map. */
  static final String RECORD_OUTCOMES = "driftwatch.internal.record-outcomes";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOnError.class);
  private static final int MAX_MESSAGE_CHARS = 300;

  private String deadLetterTopic;
  private String modelsTopic;
  private RecordOutcomes outcomes;

  /**
   * Adds this handler and what it needs to Kafka Streams properties, unless the user chose another handler with
   * {@code processing.exception.handler}.
   */
  public static Properties configure(Properties properties, Topics topics, RecordOutcomes outcomes) {
    if (!properties.containsKey(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG)) {
      properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnError.class.getName());
    }
    properties.put(DEAD_LETTER_TOPIC, topics.deadLetters());
    properties.put(MODELS_TOPIC, topics.models());
    properties.put(RECORD_OUTCOMES, outcomes);
    return properties;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(DEAD_LETTER_TOPIC);
    deadLetterTopic = topic != null ? topic.toString() : Topics.DEFAULT_DEAD_LETTERS;
    Object models = configs.get(MODELS_TOPIC);
    modelsTopic = models != null ? models.toString() : Topics.DEFAULT_MODELS;
    outcomes = configs.get(RECORD_OUTCOMES) instanceof RecordOutcomes counts ? counts : new RecordOutcomes();
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    String step = context.processorNodeId();
    String exceptionClass = exception.getClass().getName();
    if (context.topic() == null || context.topic().equals(modelsTopic)) {
      // A punctuation (no record), or the global models thread (which cannot dead-letter): keep going, say so.
      LOG.warn("task {}: step '{}' failed with {} outside any input record; processing goes on", context.taskId(),
          step, exceptionClass);
      LOG.debug("step '{}' failed", step, exception);
      return Response.resume();
    }
    outcomes.rejected(RejectReason.PROCESSING_ERROR);
    // Never the exception's message at WARN: it may quote the record. The dead letter carries it.
    LOG.warn("task {}: step '{}' failed with {} on the record at {}-{} offset {}; it goes to {} as processing_error",
        context.taskId(), step, exceptionClass, context.topic(), context.partition(), context.offset(),
        deadLetterTopic);
    LOG.debug("step '{}' failed", step, exception);
    String message = "processing failed at step '" + step + "': " + exceptionClass
        + (exception.getMessage() == null ? "" : ": " + truncate(exception.getMessage()));
    ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(
        deadLetterTopic, null, context.timestamp(), context.sourceRawKey(), context.sourceRawValue(),
        DeadLetterHeaders.of(context.headers(), RejectReason.PROCESSING_ERROR, message, null, context.topic(),
            context.partition(), context.offset())
            .add(DeadLetterHeaders.STEP, step.getBytes(UTF_8))
            .add(DeadLetterHeaders.EXCEPTION, exceptionClass.getBytes(UTF_8)));
    return Response.resume(List.of(deadLetter));
  }

  private static String truncate(String text) {
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
  }
}
