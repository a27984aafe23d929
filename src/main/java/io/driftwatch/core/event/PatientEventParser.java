package io.driftwatch.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.driftwatch.core.model.FeatureSpec;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an event's bytes into a {@link PatientEvent} or a {@link Rejection}. The usual event (flat, ASCII, valid) is
 * read by {@link FlatEventReader} straight from its bytes; everything else takes the general path, one pass of
 * Jackson's streaming parser: no tree, no per-event map, no exception for a rejected field. Both give the same result
 * for every value the fast path accepts.
 *
 * <p>The first problem in document order decides a field-level rejection, but the whole value is still read: a syntax
 * error anywhere wins as {@code invalid_json}. Unknown fields are skipped, whatever their type. Not thread-safe: use
 * one parser per stream task.
 */
public final class PatientEventParser {

  /** Default for {@code input.max.bytes}: 1 MiB, the default maximum record size of a Kafka broker. */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  // NaN and Infinity tokens are parsed (not refused as invalid JSON) so they are reported as non_finite. The fast
  // double parser gives the same correctly rounded values as Double.parseDouble, faster.
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();

  private final FeatureSpec[] features;
  private final Map<String, Integer> slots = new HashMap<>();
  private final int patientIdSlot;
  private final int eventIdSlot;
  private final int eventTimeSlot;
  private final int maxBytes;
  private final boolean patientIdRequired;
  private final FlatEventReader flat;

  // Reused between events: the feature values being read, and for each slot the number of the parse that last saw
  // it, so that nothing needs clearing between events.
  private final double[] values;
  private final long[] seenInParse;
  private long parseNumber;

  /**
   * The stream's parser: {@code patient_id} is required.
   *
   * @param features the model's feature specs, in its order
   * @param maxBytes {@code input.max.bytes}: longer values are {@code too_large}, unparsed
   */
  public PatientEventParser(List<FeatureSpec> features, int maxBytes) {
    this(features, maxBytes, true);
  }

  /**
   * A parser for one event given by hand ({@code predict --json}), where {@code patient_id} may be absent (the event
   * then has a {@code null} patient id); when present it is checked as in the stream. Every other rule and message is
   * the stream's.
   */
  public static PatientEventParser withOptionalPatientId(List<FeatureSpec> features) {
    return new PatientEventParser(features, DEFAULT_MAX_BYTES, false);
  }

  private PatientEventParser(List<FeatureSpec> features, int maxBytes, boolean patientIdRequired) {
    this.patientIdRequired = patientIdRequired;
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.features = features.toArray(FeatureSpec[]::new);
    this.maxBytes = maxBytes;
    this.values = new double[this.features.length];
    Set<String> names = new HashSet<>();
    for (int j = 0; j < this.features.length; j++) {
      String name = this.features[j].name();
      if (!names.add(name) || isReserved(name)) {
        throw new IllegalArgumentException("feature name '" + name + "' is repeated or reserved");
      }
      slots.put(name, j);
    }
    patientIdSlot = this.features.length;
    eventIdSlot = patientIdSlot + 1;
    eventTimeSlot = patientIdSlot + 2;
    slots.put(PatientEvent.PATIENT_ID, patientIdSlot);
    slots.put(PatientEvent.EVENT_ID, eventIdSlot);
    slots.put(PatientEvent.EVENT_TIME, eventTimeSlot);
    this.seenInParse = new long[eventTimeSlot + 1];
    this.flat = this.features.length + 3 <= FlatEventReader.MAX_SLOTS ? new FlatEventReader(this.features) : null;
  }

  public int maxBytes() {
    return maxBytes;
  }

  private static boolean isReserved(String name) {
    return name.equals(PatientEvent.PATIENT_ID)
        || name.equals(PatientEvent.EVENT_ID)
        || name.equals(PatientEvent.EVENT_TIME);
  }

  /** Parses one record value; {@code null} (a tombstone) is an {@code empty_value} rejection. */
  public ParseResult parse(byte[] value) {
    if (flat != null && value != null && value.length <= maxBytes) {
      PatientEvent event = flat.read(value);
      if (event != null) {
        return event;
      }
    }
    return parseGeneral(value);
  }

  /** The general path alone: every input, every reason. */
  ParseResult parseGeneral(byte[] value) {
    if (value == null || value.length == 0) {
      return new Rejection(RejectReason.EMPTY_VALUE, "the value is empty");
    }
    if (value.length > maxBytes) {
      return new Rejection(
          RejectReason.TOO_LARGE,
          "the value has " + value.length + " bytes, more than input.max.bytes=" + maxBytes);
    }
    int malformed = Utf8.firstMalformed(value);
    if (malformed >= 0) {
      return new Rejection(
          RejectReason.INVALID_UTF8,
          "the value is not UTF-8: byte 0x" + Integer.toHexString(value[malformed] & 0xFF) + " at offset "
              + malformed);
    }
    try (JsonParser parser = JSON.createParser(value)) {
      return parseDocument(parser);
    } catch (StreamReadException e) {
      return new Rejection(
          RejectReason.INVALID_JSON,
          "not valid JSON at byte " + e.getLocation().getByteOffset() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      return new Rejection(RejectReason.INVALID_JSON, "not valid JSON: " + e.getMessage());
    }
  }

  private ParseResult parseDocument(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      return new Rejection(RejectReason.EMPTY_VALUE, "the value is only whitespace");
    }
    if (token != JsonToken.START_OBJECT) {
      String kind = describe(token);
      parser.skipChildren();
      expectEndOfInput(parser);
      return new Rejection(RejectReason.NOT_AN_OBJECT, "the value is " + kind + ", not a JSON object");
    }

    long parse = ++parseNumber;
    String patientId = null;
    String eventId = null;
    long eventTime = PatientEvent.NO_EVENT_TIME;
    Rejection firstProblem = null;

    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken valueToken = parser.nextToken();
      Integer boxedSlot = slots.get(name);
      if (boxedSlot == null) {
        parser.skipChildren();
        continue;
      }
      int slot = boxedSlot;
      Rejection problem = null;
      if (seenInParse[slot] == parse) {
        problem = new Rejection(RejectReason.DUPLICATE_FIELD, "field '" + name + "' appears more than once");
      } else {
        seenInParse[slot] = parse;
        if (slot < features.length) {
          problem = readFeature(parser, valueToken, slot);
        } else if (slot == patientIdSlot) {
          if (valueToken == JsonToken.VALUE_STRING) {
            patientId = parser.getText();
          }
          problem = checkId(name, valueToken, patientId, true);
        } else if (slot == eventIdSlot) {
          if (valueToken == JsonToken.VALUE_STRING) {
            eventId = parser.getText();
          }
          problem = checkId(name, valueToken, eventId, false);
        } else {
          eventTime = readEventTime(parser, valueToken);
          if (eventTime == IsoInstants.INVALID) {
            problem = new Rejection(RejectReason.INVALID_EVENT_TIME, eventTimeProblem(parser, valueToken));
            eventTime = PatientEvent.NO_EVENT_TIME;
          }
        }
      }
      if (problem != null && firstProblem == null) {
        firstProblem = problem;
      }
      parser.skipChildren();
    }
    // Jackson has checked the object is closed; anything after it makes the value something other than one object.
    expectEndOfInput(parser);

    if (firstProblem != null) {
      return firstProblem;
    }
    if (patientIdRequired && seenInParse[patientIdSlot] != parse) {
      return missing(PatientEvent.PATIENT_ID);
    }
    for (int j = 0; j < features.length; j++) {
      if (seenInParse[j] != parse) {
        return missing(features[j].name());
      }
    }
    return new PatientEvent(patientId, eventId, eventTime, Arrays.copyOf(values, values.length));
  }

  private Rejection readFeature(JsonParser parser, JsonToken token, int slot) throws IOException {
    FeatureSpec spec = features[slot];
    switch (token) {
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        double value = parser.getDoubleValue();
        if (!Double.isFinite(value)) {
          // Jackson's isNaN() is true for the NaN and Infinity tokens, false for a number that overflows (1e999).
          return FeatureValueCheck.nonFinite(spec.name(), parser.getText(), !parser.isNaN());
        }
        Rejection refused = FeatureValueCheck.check(spec, value, parser.getText());
        if (refused != null) {
          return refused;
        }
        values[slot] = value;
        return null;
      case VALUE_NULL:
        return new Rejection(RejectReason.MISSING_FIELD, "field '" + spec.name() + "' is null");
      default:
        return new Rejection(
            RejectReason.NOT_A_NUMBER, "field '" + spec.name() + "' must be a number, got " + describe(token));
    }
  }

  private static Rejection checkId(String name, JsonToken token, String value, boolean required) {
    if (token == JsonToken.VALUE_STRING) {
      if (value.isEmpty()) {
        return new Rejection(RejectReason.INVALID_ID, "field '" + name + "' is empty");
      }
      if (value.length() > PatientEvent.MAX_ID_LENGTH) {
        return new Rejection(RejectReason.INVALID_ID, "field '" + name + "' has " + value.length()
            + " characters, more than " + PatientEvent.MAX_ID_LENGTH);
      }
      // JSON's \\uD800 escapes can spell half a surrogate pair in valid UTF-8 bytes: a string no UTF-8 writer (ours
      // included) can encode, so it is refused like raw surrogate bytes are.
      int unpaired = Utf8.firstUnpairedSurrogate(value);
      if (unpaired >= 0) {
        return new Rejection(RejectReason.INVALID_UTF8, String.format(Locale.ROOT,
            "field '%s' has an unpaired surrogate \\u%04X at character %d: not encodable as UTF-8", name,
            (int) value.charAt(unpaired), unpaired));
      }
      return null;
    }
    if (token == JsonToken.VALUE_NULL) {
      // An optional id given as null is simply absent.
      return required ? new Rejection(RejectReason.MISSING_FIELD, "field '" + name + "' is null") : null;
    }
    return new Rejection(RejectReason.NOT_A_STRING, "field '" + name + "' must be a string, got " + describe(token));
  }

  /** Epoch millis, {@link PatientEvent#NO_EVENT_TIME} for null, or {@link IsoInstants#INVALID}. */
  private static long readEventTime(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_STRING:
        return IsoInstants.parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
      case VALUE_NUMBER_INT:
        if (parser.getNumberType() != JsonParser.NumberType.INT
            && parser.getNumberType() != JsonParser.NumberType.LONG) {
          return IsoInstants.INVALID;
        }
        long millis = parser.getLongValue();
        return millis >= 0 && millis <= IsoInstants.MAX_MILLIS ? millis : IsoInstants.INVALID;
      case VALUE_NULL:
        return PatientEvent.NO_EVENT_TIME;
      default:
        return IsoInstants.INVALID;
    }
  }

  /** The {@code invalid_event_time} message for an {@code event_time} text that is no instant (CSV cells too). */
  public static String eventTimeTextProblem(String text) {
    return "field 'event_time' is \"" + quote(text) + "\", not an ISO-8601 instant with an offset, such as "
        + "2026-11-24T10:00:00Z, between 1970 and 9999";
  }

  private static String eventTimeProblem(JsonParser parser, JsonToken token) throws IOException {
    String prefix = "field 'event_time' ";
    switch (token) {
      case VALUE_STRING:
        return eventTimeTextProblem(parser.getText());
      case VALUE_NUMBER_INT:
        return prefix + "is " + quote(parser.getText()) + ", not whole epoch milliseconds between 0 and "
            + IsoInstants.MAX_MILLIS;
      default:
        return prefix + "must be an ISO-8601 string or epoch milliseconds, got " + describe(token);
    }
  }

  private static void expectEndOfInput(JsonParser parser) throws IOException {
    if (parser.nextToken() != null) {
      throw new JsonParseException(parser, "unexpected content after the JSON value");
    }
  }

  private static Rejection missing(String field) {
    return new Rejection(RejectReason.MISSING_FIELD, "field '" + field + "' is missing");
  }

  private static String quote(String text) {
    return FeatureValueCheck.quote(text);
  }

  private static String describe(JsonToken token) {
    switch (token) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.name();
    }
  }
}
