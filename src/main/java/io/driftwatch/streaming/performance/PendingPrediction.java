package io.driftwatch.streaming.performance;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A prediction waiting for its outcome, as the label join keeps it: only what the residual, the windows and the
 * alarm need (about 120 bytes for 10 features), not the prediction's JSON. Once matched, the features are dropped and
 * the entry stays as a marker until the horizon, so that a second outcome for it counts as a duplicate.
 *
 * @param patientId the prediction's {@code patient_id}
 * @param eventTimeMs the prediction's event time
 * @param modelVersion the version of the model that made it
 * @param prediction the predicted value
 * @param z its features standardized with the model's scaler (NaN where the model's coefficient is zero, since
 *     contributions cannot give them back); empty once matched
 * @param raw its raw features in the model's order, from the prediction's {@code driftwatch.features} header; empty
 *     when the prediction had none (labelled events off, or written before format 2), and once matched
 * @param matched an outcome has been joined to it
 */
public record PendingPrediction(String patientId, long eventTimeMs, String modelVersion, double prediction,
    double[] z, double[] raw, boolean matched) {

  /** 2 added the raw features; 1 (without them) is still read. */
  private static final byte FORMAT_VERSION = 2;

  PendingPrediction asMatched() {
    return new PendingPrediction(patientId, eventTimeMs, modelVersion, prediction, new double[0], new double[0], true);
  }

  byte[] toBytes() {
    byte[] patient = patientId.getBytes(StandardCharsets.UTF_8);
    byte[] version = modelVersion.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(
            2 + 4 + patient.length + 8 + 4 + version.length + 8 + 4 + 8 * z.length + 4 + 8 * raw.length)
        .put(FORMAT_VERSION).put((byte) (matched ? 1 : 0))
        .putInt(patient.length).put(patient).putLong(eventTimeMs).putInt(version.length).put(version)
        .putDouble(prediction).putInt(z.length);
    for (double v : z) {
      out.putDouble(v);
    }
    out.putInt(raw.length);
    for (double v : raw) {
      out.putDouble(v);
    }
    return out.array();
  }

  static PendingPrediction fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte format = in.get();
    if (format != FORMAT_VERSION && format != 1) {
      throw new IllegalArgumentException("pending prediction format " + format + " is not supported");
    }
    boolean matched = in.get() != 0;
    String patient = string(in);
    long time = in.getLong();
    String version = string(in);
    double prediction = in.getDouble();
    double[] z = new double[in.getInt()];
    for (int j = 0; j < z.length; j++) {
      z[j] = in.getDouble();
    }
    double[] raw = new double[format == 1 ? 0 : in.getInt()];
    for (int j = 0; j < raw.length; j++) {
      raw[j] = in.getDouble();
    }
    return new PendingPrediction(patient, time, version, prediction, z, raw, matched);
  }

  private static String string(ByteBuffer in) {
    byte[] b = new byte[in.getInt()];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
