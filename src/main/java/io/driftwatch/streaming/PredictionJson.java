package io.driftwatch.streaming;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.driftwatch.core.event.IsoInstants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The predictions topic's JSON: {@code {"event_id", "patient_id", "event_time", "prediction", "model_version",
 * "contributions": {feature: number}}}, {@code event_time} as an ISO-8601 UTC instant. The topology writes numbers
 * rounded to 6 decimals ({@link FixedDecimals}), without allocating a string per number.
 */
public final class PredictionJson {

  public static final String EVENT_ID = "event_id";
  public static final String PATIENT_ID = "patient_id";
  public static final String EVENT_TIME = "event_time";
  public static final String PREDICTION = "prediction";
  public static final String MODEL_VERSION = "model_version";
  public static final String CONTRIBUTIONS = "contributions";

  // No separator between root values: one generator writes one prediction after another into a reused buffer.
  // The fast double writer (Schubfach) matters: Java 17's Double.toString dominates the cost otherwise.
  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .rootValueSeparator((String) null)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();

  private PredictionJson() {}

  /**
   * Writes scored events as prediction JSON, reusing one generator, buffer and time buffer: one writer per stream
   * task, not thread-safe.
   */
  public static final class Writer {
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);
    private final char[] time = new char[IsoInstants.MAX_FORMATTED_LENGTH];
    private final char[] number = new char[FixedDecimals.MAX_LENGTH];
    private JsonGenerator generator;

    public byte[] write(ScoredEvent event) {
      try {
        if (generator == null) {
          generator = JSON.createGenerator(buffer);
        }
        JsonGenerator g = generator;
        g.writeStartObject();
        g.writeStringField(EVENT_ID, event.eventId());
        g.writeStringField(PATIENT_ID, event.patientId());
        g.writeFieldName(EVENT_TIME);
        g.writeString(time, 0, IsoInstants.format(event.eventTimeMillis(), time));
        g.writeFieldName(PREDICTION);
        writeNumber(g, event.prediction());
        g.writeStringField(MODEL_VERSION, event.model().version());
        g.writeObjectFieldStart(CONTRIBUTIONS);
        double[] contributions = event.contributions();
        for (int j = 0; j < contributions.length; j++) {
          g.writeFieldName(event.model().featureName(j));
          writeNumber(g, contributions[j]);
        }
        g.writeEndObject();
        g.writeEndObject();
        g.flush();
        return buffer.toByteArray();
      } catch (IOException | RuntimeException e) {
        generator = null; // never reuse a generator left mid-document
        throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
      } finally {
        buffer.reset();
      }
    }

    private void writeNumber(JsonGenerator g, double value) throws IOException {
      g.writeNumber(number, 0, FixedDecimals.format(value, number));
    }
  }

  /** Writes a {@link Prediction} (for producers other than the topology, e.g. tests and tools). */
  public static byte[] write(Prediction prediction) {
    ByteArrayBuilder buffer = new ByteArrayBuilder(512);
    try (JsonGenerator g = JSON.createGenerator(buffer)) {
      g.writeStartObject();
      g.writeStringField(EVENT_ID, prediction.eventId());
      g.writeStringField(PATIENT_ID, prediction.patientId());
      g.writeStringField(EVENT_TIME, prediction.eventTime().toString());
      g.writeNumberField(PREDICTION, prediction.prediction());
      g.writeStringField(MODEL_VERSION, prediction.modelVersion());
      g.writeObjectFieldStart(CONTRIBUTIONS);
      for (Map.Entry<String, Double> contribution : prediction.contributions().entrySet()) {
        g.writeNumberField(contribution.getKey(), contribution.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** Reads one prediction; unknown fields are skipped so later versions may add some. */
  public static Prediction read(byte[] json) {
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      String eventId = null;
      String patientId = null;
      Instant eventTime = null;
      double prediction = Double.NaN;
      String modelVersion = null;
      Map<String, Double> contributions = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case EVENT_ID -> eventId = p.getValueAsString();
          case PATIENT_ID -> patientId = p.getValueAsString();
          case EVENT_TIME -> eventTime = Instant.parse(p.getValueAsString());
          case PREDICTION -> prediction = p.getDoubleValue();
          case MODEL_VERSION -> modelVersion = p.getValueAsString();
          case CONTRIBUTIONS -> {
            expect(p.currentToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String feature = p.currentName();
              p.nextToken();
              contributions.put(feature, p.getDoubleValue());
            }
          }
          default -> p.skipChildren();
        }
      }
      return new Prediction(
          eventId, patientId, eventTime, prediction, modelVersion, Collections.unmodifiableMap(contributions));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a prediction: " + e.getMessage(), e);
    }
  }

  private static void expect(JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("not a prediction: expected " + expected + ", got " + actual);
    }
  }
}
