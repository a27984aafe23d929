package io.driftwatch.bench;

import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.streaming.scoring.PredictionJson;
import io.driftwatch.streaming.scoring.ScoredEvent;
import io.driftwatch.streaming.scoring.ScoringModel;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The pass-through's source and sink with one value-mapping processor node between them: a topology that does one
 * part of the scoring path, to see what that part costs.
 *
 * @param name the subject's name in the report
 * @param perTask makes the mapping for one stream task (the mapping may keep per-task state, as the service's does)
 */
public record MappedValueSubject(String name, Supplier<UnaryOperator<byte[]>> perTask) implements BenchSubject {

  /** The name of {@link #predictionSized}. */
  public static final String PREDICTION_SIZED = "prediction-sized";

  /**
   * Parses nothing and writes, for every event, the same typical prediction of {@code model}: the least a topology
   * that honours the predictions contract can do, so its ratio to pass-through bounds every such topology's on the
   * machine it runs on (the prediction is larger than the event, and the producer and broker pay for its bytes).
   */
  public static MappedValueSubject predictionSized(ModelArtifact model) {
    byte[] prediction = typicalPrediction(ScoringModel.compile(model));
    return new MappedValueSubject(PREDICTION_SIZED, () -> value -> prediction);
  }

  /** The prediction of the bundled data's first patient, with an id and a time shaped like the simulator's. */
  static byte[] typicalPrediction(ScoringModel model) {
    double[] features = ClinicalSample.bundledDiabetes().row(0);
    double[] contributions = new double[model.featureCount()];
    double prediction = model.scorer().explain(features, contributions);
    return new PredictionJson.Writer().write(new ScoredEvent("e47fb963-29e8-4adc-bf65-d046768a8f6a", "p-10000",
        Instant.parse("2026-11-24T20:09:13.472Z").toEpochMilli(), features, prediction, contributions, model));
  }

  @Override
  public Running start(BenchRun run) {
    Properties props = run.streamsProperties();
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    builder.stream(run.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .processValues(() -> new MapValue(perTask.get()))
        .to(run.outputTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    streams.start();
    return Running.of(streams);
  }

  private static final class MapValue implements FixedKeyProcessor<byte[], byte[], byte[]> {
    private final UnaryOperator<byte[]> map;
    private FixedKeyProcessorContext<byte[], byte[]> context;

    MapValue(UnaryOperator<byte[]> map) {
      this.map = map;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
      context.forward(record.withValue(map.apply(record.value())));
    }
  }
}
