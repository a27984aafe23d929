package io.driftwatch.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.driftwatch.core.event.PatientEvent;
import io.driftwatch.core.event.PatientEventParser;
import io.driftwatch.demo.EmbeddedKafka;
import io.driftwatch.streaming.PredictionJson;
import io.driftwatch.streaming.ScoredEvent;
import io.driftwatch.streaming.ScoringModel;
import io.driftwatch.testing.TrainedModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Where the scoring topology's time goes, measured rather than guessed: the benchmark of {@code ./driftwatch bench}
 * over topologies that each add one part of the scoring path to the one before. Not a test; run with
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" -Dlog4j2.configurationFile=log4j2.xml \
 *     io.driftwatch.bench.BenchAttribution [events] [rounds] [streams.property=value ...]
 * </pre>
 *
 * <ol>
 *   <li>{@code pass-through}: copies bytes (the baseline);
 *   <li>{@code bigger-output}: one processor node that writes a typical prediction (about 330 bytes, numbers to 6
 *       decimals) instead of the event (about 220): the cost of larger records for the producer, the broker and the reader;
 *   <li>{@code parse-score}: parses, validates and scores each event, then writes that typical prediction;
 *   <li>{@code parse-score-write}: writes each event's own prediction JSON;
 *   <li>{@code scoring}: the service's topology (scored/rejected branches, re-keyed by patient id, models global
 *       store).
 * </ol>
 */
public final class BenchAttribution {

  private static final ScoringModel MODEL = ScoringModel.compile(TrainedModels.diabetes());
  private static final byte[] TYPICAL_PREDICTION = ("{\"event_id\":\"e47fb963-29e8-4adc-bf65-d046768a8f6a\","
      + "\"patient_id\":\"p-1\",\"event_time\":\"2026-11-24T20:09:13.472Z\",\"prediction\":103.831564,"
      + "\"model_version\":\"23cd27602268\",\"contributions\":{\"age\":1.210107,\"sex\":-11.895028,"
      + "\"bmi\":-3.174767,\"bp\":-4.839696,\"s1\":-24.489059,\"s2\":3.281886,\"s3\":0.0,\"s4\":-9.047843,"
      + "\"s5\":3.916978,\"s6\":-4.867557}}").getBytes(UTF_8);

  private BenchAttribution() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Map<String, Object> streams = new HashMap<>(StreamsBenchmark.Settings.defaultStreamsConfig());
    for (int i = 2; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      streams.put(pair[0], pair[1]);
    }
    List<BenchSubject> subjects = new ArrayList<>();
    subjects.add(new PassThroughSubject());
    subjects.add(new ValueSubject("bigger-output", () -> value -> TYPICAL_PREDICTION));
    subjects.add(new ValueSubject("parse-score", () -> parseAndScore(false)));
    subjects.add(new ValueSubject("parse-score-write", () -> parseAndScore(true)));
    subjects.add(new ScoringSubject(TrainedModels.diabetes()));
    var settings = new StreamsBenchmark.Settings(events, events / 20, 4, rounds, 1, 1000, 1000, streams);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
      System.out.print(BenchReport.markdown(new StreamsBenchmark(kafka.bootstrapServers(), settings).run(subjects)));
    }
  }

  /** Parses and scores each event (one parser and writer per task, as the service does). */
  private static UnaryOperator<byte[]> parseAndScore(boolean writeJson) {
    PatientEventParser parser = new PatientEventParser(MODEL.features(), PatientEventParser.DEFAULT_MAX_BYTES);
    PredictionJson.Writer writer = new PredictionJson.Writer();
    return value -> {
      PatientEvent event = (PatientEvent) parser.parse(value);
      double[] contributions = new double[MODEL.featureCount()];
      double prediction = MODEL.scorer().explain(event.features(), contributions);
      if (!writeJson) {
        return TYPICAL_PREDICTION;
      }
      return writer.write(new ScoredEvent(event.eventId(), event.patientId(), event.eventTimeMillis(),
          event.features(), prediction, contributions, MODEL));
    };
  }

  /** A topology of one value-mapping processor node between the same source and sink as the pass-through's. */
  private record ValueSubject(String name, Supplier<UnaryOperator<byte[]>> perTask) implements BenchSubject {

    @Override
    public Running start(BenchRun run) {
      Properties props = new Properties();
      props.putAll(run.streamsConfig());
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, run.applicationId());
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, run.bootstrapServers());
      props.put(StreamsConfig.STATE_DIR_CONFIG, run.stateDir().toString());
      StreamsBuilder builder = new StreamsBuilder();
      builder.stream(run.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
          .processValues(() -> new MapValue(perTask.get()))
          .to(run.outputTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
      KafkaStreams streams = new KafkaStreams(builder.build(), props);
      streams.start();
      return Running.of(streams);
    }
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
