package io.driftwatch.streaming.scoring;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The raw features of a scored event, carried beside its prediction in the record header {@value #NAME} so that the
 * label join can publish labelled events (features + outcome) for retraining: a prediction's JSON holds only
 * contributions, which lose the features the model does not use. Binary, not JSON: formatting ten more doubles as text
 * would cost the stream thread about as much as the contributions do. Written only when {@code labels.publish} is on.
 *
 * <p>Layout: format version (1 byte, {@value #FORMAT_VERSION}), feature count (1 byte), then each value as an IEEE-754
 * double, big-endian, in the order of the model that scored the event ({@code model_version} in the JSON): 82 bytes
 * for 10 features.
 */
public final class FeatureHeader {

  public static final String NAME = "driftwatch.features";
  static final byte FORMAT_VERSION = 1;

  private FeatureHeader() {}

  /** The header's value for {@code features} (at most 255). */
  public static byte[] encode(double[] features) {
    if (features.length > 255) {
      throw new IllegalArgumentException("at most 255 features fit the header, got " + features.length);
    }
    ByteBuffer out = ByteBuffer.allocate(2 + 8 * features.length).put(FORMAT_VERSION).put((byte) features.length);
    for (double v : features) {
      out.putDouble(v);
    }
    return out.array();
  }

  /**
   * The features in {@code headers}' last {@value #NAME} header, or null when there is none or it is not a valid
   * version-1 value of {@code expectedCount} features (e.g. written by another model version).
   */
  public static double[] decode(Headers headers, int expectedCount) {
    Header header = headers.lastHeader(NAME);
    if (header == null) {
      return null;
    }
    byte[] value = header.value();
    if (value == null || value.length != 2 + 8 * expectedCount || value[0] != FORMAT_VERSION
        || (value[1] & 0xff) != expectedCount) {
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(value, 2, value.length - 2);
    double[] features = new double[expectedCount];
    for (int j = 0; j < expectedCount; j++) {
      features[j] = in.getDouble();
    }
    return features;
  }
}
