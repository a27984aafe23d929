package io.driftwatch.streaming.scoring;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.driftwatch.core.event.IsoInstants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The predictions topic's JSON: {@code {"event_id", "patient_id", "event_time", "prediction", "model_version",
 * "contributions": {feature: number}}}, {@code event_time} as an ISO-8601 UTC instant. The topology writes numbers
 * rounded to 6 decimals ({@link FixedDecimals}) with its own {@link Writer}, built for one document per event.
 */
public final class PredictionJson {

  public static final String EVENT_ID = "event_id";
  public static final String PATIENT_ID = "patient_id";
  public static final String EVENT_TIME = "event_time";
  public static final String PREDICTION = "prediction";
  public static final String MODEL_VERSION = "model_version";
  public static final String CONTRIBUTIONS = "contributions";

  // Reading, and writing Prediction objects: no separator between root values, the fast double parser.
  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .rootValueSeparator((String) null)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();

  private PredictionJson() {}

  /**
   * Writes scored events as prediction JSON straight into a reused byte buffer: the fixed parts of the document
   * (field names, the model's version and feature names) are encoded once per model, numbers and times are written
   * digit by digit, and strings are copied as they are unless they need escaping, which Jackson's encoder then does.
   * The only per-event allocation is the record's own {@code byte[]}. One writer per stream task, not thread-safe.
   */
  public static final class Writer {
    private static final byte[] EVENT_ID_FIELD = ascii("{\"" + EVENT_ID + "\":");
    private static final byte[] PATIENT_ID_FIELD = ascii(",\"" + PATIENT_ID + "\":");
    private static final byte[] EVENT_TIME_FIELD = ascii(",\"" + EVENT_TIME + "\":\"");
    private static final byte[] PREDICTION_FIELD = ascii("\",\"" + PREDICTION + "\":");
    private static final byte[] END = ascii("}}");

    private byte[] buffer = new byte[512];
    private int length;
    private final char[] time = new char[IsoInstants.MAX_FORMATTED_LENGTH];
    private ScoringModel namesOf;
    /** {@code ,"model_version":"v","contributions":{}: the part between the prediction and the first feature. */
    private byte[] modelVersionField;
    /** Per feature, {@code "name":}, with a leading comma after the first. */
    private byte[][] contributionFields;

    public byte[] write(ScoredEvent event) {
      if (event.model() != namesOf) {
        encodeNamesOf(event.model());
      }
      length = 0;
      append(EVENT_ID_FIELD);
      appendString(event.eventId());
      append(PATIENT_ID_FIELD);
      appendString(event.patientId());
      append(EVENT_TIME_FIELD);
      appendTime(event.eventTimeMillis());
      append(PREDICTION_FIELD);
      appendNumber(event.prediction());
      append(modelVersionField);
      double[] contributions = event.contributions();
      for (int j = 0; j < contributions.length; j++) {
        append(contributionFields[j]);
        appendNumber(contributions[j]);
      }
      append(END);
      return Arrays.copyOf(buffer, length);
    }

    // Models change rarely: their version and feature names are encoded once per model, not per event.
    private void encodeNamesOf(ScoringModel model) {
      modelVersionField = concat(
          ascii(",\"" + MODEL_VERSION + "\":"), quoted(model.version()), ascii(",\"" + CONTRIBUTIONS + "\":{"));
      contributionFields = new byte[model.featureCount()][];
      for (int j = 0; j < contributionFields.length; j++) {
        contributionFields[j] = concat(ascii(j == 0 ? "" : ","), quoted(model.featureName(j)), ascii(":"));
      }
      namesOf = model;
    }

    private void appendString(String value) {
      int n = value.length();
      ensureCapacity(n + 2);
      int start = length;
      buffer[length++] = '"';
      for (int i = 0; i < n; i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
          length = start; // needs escaping or UTF-8 encoding: let Jackson's encoder do the whole string
          append(quoted(value));
          return;
        }
        buffer[length++] = (byte) c;
      }
      buffer[length++] = '"';
    }

    private void appendTime(long millis) {
      int n = IsoInstants.format(millis, time);
      ensureCapacity(n);
      for (int i = 0; i < n; i++) {
        buffer[length++] = (byte) time[i];
      }
    }

    private void appendNumber(double value) {
      ensureCapacity(FixedDecimals.MAX_LENGTH);
      length += FixedDecimals.format(value, buffer, length);
    }

    private void append(byte[] bytes) {
      ensureCapacity(bytes.length);
      System.arraycopy(bytes, 0, buffer, length, bytes.length);
      length += bytes.length;
    }

    private void ensureCapacity(int more) {
      if (length + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
      }
    }

    /** {@code value} as a JSON string, quotes included, escaped as Jackson's generator escapes. */
    private static byte[] quoted(String value) {
      return concat(ascii("\""), JsonStringEncoder.getInstance().quoteAsUTF8(value), ascii("\""));
    }

    private static byte[] ascii(String text) {
      return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
      int total = 0;
      for (byte[] part : parts) {
        total += part.length;
      }
      byte[] joined = new byte[total];
      int at = 0;
      for (byte[] part : parts) {
        System.arraycopy(part, 0, joined, at, part.length);
        at += part.length;
      }
      return joined;
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
