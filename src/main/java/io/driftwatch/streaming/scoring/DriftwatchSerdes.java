package io.driftwatch.streaming.scoring;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes for reading and writing driftwatch's topics from plain clients (tests, tools, the simulator). */
public final class DriftwatchSerdes {

  private DriftwatchSerdes() {}

  /** Values of the predictions topic (keys are {@code patient_id} strings). */
  public static Serde<Prediction> prediction() {
    return Serdes.serdeFrom(
        (topic, prediction) -> prediction == null ? null : PredictionJson.write(prediction),
        (topic, bytes) -> bytes == null ? null : PredictionJson.read(bytes));
  }
}
