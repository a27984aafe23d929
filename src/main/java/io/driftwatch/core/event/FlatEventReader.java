package io.driftwatch.core.event;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.driftwatch.core.model.FeatureSpec;
import java.util.Arrays;

/**
 * The fast path of {@link PatientEventParser}: reads the usual event straight from its bytes, with no parser object,
 * no token stream and no intermediate strings. The usual event is one flat JSON object, pure printable ASCII, strings
 * without escapes, numbers in plain decimal notation (no exponent, at most 18 digits), every field present, valid and
 * given once.
 *
 * <p>Anything else (a nested value, an escape, an exponent, a byte outside printable ASCII, a missing, repeated or
 * invalid field) makes {@link #read} answer {@code null}, and Jackson's general path decides, with its exact reasons.
 * So the fast path needs only to be right on what it accepts: it accepts nothing the general path would reject, and
 * gives the same event, bit for bit ({@code PatientEventParserTest} checks this on generated and mutated inputs).
 *
 * <p>A value outside a feature's range, or a categorical value that is none of its codes, is declined too, so the
 * general path names the reason; the check is {@link FeatureSpec#accepts}, no allocation.
 *
 * <p>Numbers: a decimal with a mantissa of at most 2<sup>53</sup> and at most 22 decimals is the correctly rounded
 * quotient of two exact doubles (Clinger's fast path), the same double as {@code Double.parseDouble} gives.
 *
 * <p>Not thread-safe: one reader per parser.
 */
final class FlatEventReader {

  /** Slots are tracked in one {@code long}: models with more features than this use the general path only. */
  static final int MAX_SLOTS = 63;

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22
  };
  private static final long MAX_EXACT_MANTISSA = 1L << 53;
  private static final int MAX_DIGITS = 18;
  /** Longer strings are left to the general path, which applies Jackson's string-length constraint. */
  private static final int MAX_STRING_BYTES = 4096;
  private static final int MAX_TIME_CHARS = 64;
  private static final byte[] TRUE = "true".getBytes(ISO_8859_1);
  private static final byte[] FALSE = "false".getBytes(ISO_8859_1);
  private static final byte[] NULL = "null".getBytes(ISO_8859_1);

  private final FeatureSpec[] features;
  private final byte[][] names;
  private final boolean[] plainName;
  /**
   * For each slot (and the object's start, at {@code names.length}), the slot that came next in the last event: a
   * producer writes its fields in one order, so the next name is usually known before it is read.
   */
  private final int[] followedLastTime;
  private final int patientIdSlot;
  private final int eventIdSlot;
  private final int eventTimeSlot;
  private final long requiredSlots;
  private final char[] timeChars = new char[MAX_TIME_CHARS];

  // The value being read, the position in it, and the last number read.
  private byte[] in;
  private int pos;
  private double number;
  private boolean numberIsIntegral;
  private boolean numberIsNegative;

  /** @param features the model's features, in slot order; slots after them are patient_id, event_id, event_time */
  FlatEventReader(FeatureSpec[] features) {
    if (features.length + 3 > MAX_SLOTS) {
      throw new IllegalArgumentException("the fast path tracks at most " + MAX_SLOTS + " fields");
    }
    this.features = features;
    patientIdSlot = features.length;
    eventIdSlot = patientIdSlot + 1;
    eventTimeSlot = patientIdSlot + 2;
    names = new byte[eventTimeSlot + 1][];
    for (int j = 0; j < features.length; j++) {
      names[j] = features[j].name().getBytes(UTF_8);
    }
    names[patientIdSlot] = PatientEvent.PATIENT_ID.getBytes(UTF_8);
    names[eventIdSlot] = PatientEvent.EVENT_ID.getBytes(UTF_8);
    names[eventTimeSlot] = PatientEvent.EVENT_TIME.getBytes(UTF_8);
    requiredSlots = (1L << features.length) - 1 | 1L << patientIdSlot;
    followedLastTime = new int[names.length + 1];
    for (int slot = 0; slot <= names.length; slot++) {
      followedLastTime[slot] = slot + 1 < names.length ? slot + 1 : 0;
    }
    plainName = new boolean[names.length];
    for (int slot = 0; slot < names.length; slot++) {
      plainName[slot] = isPlain(names[slot]);
    }
  }

  private static boolean isPlain(byte[] text) {
    for (byte b : text) {
      if (b == '"' || !isPlainInString(b)) {
        return false;
      }
    }
    return true;
  }

  /** Printable ASCII that a JSON string holds as it is: no control character, no escape, nothing to decode. */
  private static boolean isPlainInString(byte b) {
    return b >= 0x20 && b <= 0x7E && b != '\\';
  }

  /** The event, or {@code null} when the value is not of the usual shape or not valid: then the general path decides. */
  PatientEvent read(byte[] value) {
    in = value;
    pos = 0;
    try {
      return readObject();
    } finally {
      in = null;
    }
  }

  private PatientEvent readObject() {
    skipWhitespace();
    if (!consume('{')) {
      return null;
    }
    double[] values = new double[features.length];
    String patientId = null;
    String eventId = null;
    long eventTime = PatientEvent.NO_EVENT_TIME;
    long seen = 0;
    int previous = names.length; // the object's start
    do {
      skipWhitespace();
      if (!consume('"')) {
        return null;
      }
      int slot = expectedNameAt(followedLastTime[previous]);
      if (slot < 0) {
        int nameStart = pos;
        int nameEnd = plainStringEnd();
        if (nameEnd < 0) {
          return null;
        }
        pos = nameEnd + 1;
        slot = slotOf(nameStart, nameEnd - nameStart);
      }
      skipWhitespace();
      if (!consume(':')) {
        return null;
      }
      skipWhitespace();
      if (slot < 0) {
        if (!skipScalar()) {
          return null;
        }
      } else {
        followedLastTime[previous] = slot;
        previous = slot;
        long bit = 1L << slot;
        if ((seen & bit) != 0) {
          return null;
        }
        seen |= bit;
        if (slot < features.length) {
          if (!readNumber() || !features[slot].accepts(number)) {
            return null;
          }
          values[slot] = number;
        } else if (slot == patientIdSlot) {
          patientId = readNonEmptyString();
          if (patientId == null) {
            return null;
          }
        } else if (slot == eventIdSlot) {
          if (!consumeLiteral(NULL)) { // an event_id given as null is absent
            eventId = readNonEmptyString();
            if (eventId == null) {
              return null;
            }
          }
        } else {
          eventTime = readEventTime();
          if (eventTime == IsoInstants.INVALID) {
            return null;
          }
        }
      }
      skipWhitespace();
    } while (consume(','));
    if (!consume('}')) {
      return null;
    }
    skipWhitespace();
    if (pos != in.length || (seen & requiredSlots) != requiredSlots) {
      return null;
    }
    return new PatientEvent(patientId, eventId, eventTime, values);
  }

  /**
   * If the field name at {@link #pos} is {@code expected}'s, closing quote included, moves past it and returns the
   * slot; otherwise -1. Only for plain names, so that matching raw bytes is matching the JSON string.
   */
  private int expectedNameAt(int expected) {
    if (!plainName[expected]) {
      return -1;
    }
    byte[] name = names[expected];
    int end = pos + name.length;
    if (end < in.length && in[end] == '"' && bytesAt(pos, name)) {
      pos = end + 1;
      return expected;
    }
    return -1;
  }

  private int slotOf(int start, int length) {
    for (int slot = 0; slot < names.length; slot++) {
      if (nameIs(slot, start, length)) {
        return slot;
      }
    }
    return -1;
  }

  private boolean nameIs(int slot, int start, int length) {
    byte[] name = names[slot];
    return name.length == length && bytesAt(start, name);
  }

  /** Whether {@code in} holds {@code expected} from {@code start}, which the caller has checked is in bounds. */
  private boolean bytesAt(int start, byte[] expected) {
    // A plain loop: names are a few bytes long, too short for Arrays.equals' vectorized mismatch to pay off.
    for (int i = 0; i < expected.length; i++) {
      if (in[start + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** Skips an unknown field's value: a plain string, a plain number, true, false or null. */
  private boolean skipScalar() {
    if (pos >= in.length) {
      return false;
    }
    switch (in[pos]) {
      case '"':
        pos++;
        int end = plainStringEnd();
        pos = end + 1;
        return end >= 0;
      case 't':
        return consumeLiteral(TRUE);
      case 'f':
        return consumeLiteral(FALSE);
      case 'n':
        return consumeLiteral(NULL);
      default:
        return readNumber();
    }
  }

  /** Epoch milliseconds, {@link PatientEvent#NO_EVENT_TIME} for null, or {@link IsoInstants#INVALID}. */
  private long readEventTime() {
    if (consumeLiteral(NULL)) {
      return PatientEvent.NO_EVENT_TIME;
    }
    if (consume('"')) {
      int start = pos;
      int end = plainStringEnd();
      if (end < 0 || end - start > MAX_TIME_CHARS) {
        return IsoInstants.INVALID;
      }
      pos = end + 1;
      for (int i = start; i < end; i++) {
        timeChars[i - start] = (char) in[i];
      }
      return IsoInstants.parse(timeChars, 0, end - start);
    }
    if (!readNumber() || !numberIsIntegral || numberIsNegative || number > IsoInstants.MAX_MILLIS) {
      return IsoInstants.INVALID;
    }
    return (long) number;
  }

  private String readNonEmptyString() {
    if (!consume('"')) {
      return null;
    }
    int start = pos;
    int end = plainStringEnd();
    if (end <= start || end - start > PatientEvent.MAX_ID_LENGTH) {
      return null;
    }
    pos = end + 1;
    return new String(in, start, end - start, ISO_8859_1); // pure ASCII: one copy, a compact string
  }

  /**
   * The index of the closing quote of the string whose first byte is at {@link #pos}, or -1 if it is not plain:
   * escapes, control characters, bytes outside printable ASCII, or no closing quote.
   */
  private int plainStringEnd() {
    int limit = Math.min(in.length, pos + MAX_STRING_BYTES);
    for (int i = pos; i < limit; i++) {
      byte b = in[i];
      if (b == '"') {
        return i;
      }
      if (!isPlainInString(b)) {
        return -1;
      }
    }
    return -1;
  }

  /** Reads {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?} into {@link #number}; false for anything else or too long. */
  private boolean readNumber() {
    int p = pos;
    int length = in.length;
    boolean negative = p < length && in[p] == '-';
    if (negative) {
      p++;
    }
    if (p >= length || !isDigit(in[p]) || (in[p] == '0' && p + 1 < length && isDigit(in[p + 1]))) {
      return false; // no digit, or a leading zero
    }
    long mantissa = 0;
    int digits = 0;
    while (p < length && isDigit(in[p])) {
      mantissa = mantissa * 10 + (in[p++] - '0');
      digits++;
    }
    int decimals = 0;
    if (p < length && in[p] == '.') {
      p++;
      while (p < length && isDigit(in[p])) {
        mantissa = mantissa * 10 + (in[p++] - '0');
        decimals++;
      }
      if (decimals == 0) {
        return false;
      }
    }
    digits += decimals;
    if (digits > MAX_DIGITS || mantissa > MAX_EXACT_MANTISSA || decimals >= POWERS_OF_TEN.length) {
      return false;
    }
    if (decimals == 0 && negative && mantissa == 0) {
      return false; // "-0": left to the general path, whichever zero it makes of it
    }
    double magnitude = decimals == 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals];
    number = negative ? -magnitude : magnitude;
    numberIsIntegral = decimals == 0;
    numberIsNegative = negative;
    pos = p;
    return true;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private boolean consumeLiteral(byte[] literal) {
    int end = pos + literal.length;
    if (end <= in.length && bytesAt(pos, literal)) {
      pos = end;
      return true;
    }
    return false;
  }

  private boolean consume(char c) {
    if (pos < in.length && in[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipWhitespace() {
    while (pos < in.length) {
      byte b = in[pos];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return;
      }
      pos++;
    }
  }
}
