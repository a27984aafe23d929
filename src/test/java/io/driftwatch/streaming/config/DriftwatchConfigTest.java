package io.driftwatch.streaming.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.drift.DriftSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftwatchConfigTest {

  @TempDir Path dir;

  private static final Map<String, String> BOOTSTRAP = Map.of("bootstrap.servers", "broker:9092");

  private Path file(String content) throws IOException {
    Path file = dir.resolve("driftwatch.properties");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void defaultsAreTheIssuesTopicsTheModelNameOneMebibyteAndExactlyOnce() {
    DriftwatchConfig config = DriftwatchConfig.of(BOOTSTRAP);

    assertThat(config.topics()).isEqualTo(new Topics(
        "patient-features", "predictions", "patient-features-dlq", "models", "patient-outcomes", "drift-reports",
        "performance-reports", "labelled-events"));
    assertThat(config.modelName()).isEqualTo("diabetes-lasso");
    assertThat(config.inputMaxBytes()).isEqualTo(1_048_576);
    Properties streams = config.toStreamsProperties();
    assertThat(streams.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(streams.getProperty("application.id")).isEqualTo("driftwatch");
    assertThat(streams.getProperty("bootstrap.servers")).isEqualTo("broker:9092");
    assertThat(streams).doesNotContainKeys("topics.features", "model.name", "input.max.bytes");
  }

  @Test
  void theFileThenOverridesThenTheEnvironmentForBootstrapOnly() throws IOException {
    Path file = file("""
        # a comment
        topics.features = in
        topics.predictions=out
        num.stream.threads=2
        application.id=from-file
        """);

    DriftwatchConfig config =
        DriftwatchConfig.load(file, Map.of("application.id", "from-set", "input.max.bytes", "2048"),
            Map.of("DRIFTWATCH_BOOTSTRAP_SERVERS", "env:9092"));

    assertThat(config.topics().features()).isEqualTo("in");
    assertThat(config.topics().predictions()).isEqualTo("out");
    assertThat(config.inputMaxBytes()).isEqualTo(2048);
    assertThat(config.applicationId()).isEqualTo("from-set");
    assertThat(config.bootstrapServers()).isEqualTo("env:9092");
    assertThat(config.toStreamsProperties().getProperty("num.stream.threads")).isEqualTo("2");
  }

  @Test
  void bootstrapServersFromTheConfigWinOverTheEnvironment() {
    DriftwatchConfig config =
        DriftwatchConfig.load(null, BOOTSTRAP, Map.of("DRIFTWATCH_BOOTSTRAP_SERVERS", "env:9092"));

    assertThat(config.bootstrapServers()).isEqualTo("broker:9092");
  }

  @Test
  void thePartitionAssignorSeesTheGlobalThreadHandlerEnabledAsTheServiceDoes() {
    // The assignor reads its StreamsConfig from the main consumer's settings (Kafka's StreamsPartitionAssignor via
    // AssignorConfiguration); without the value there it logged "not enabled for the GlobalThread" at every start.
    StreamsConfig service = new StreamsConfig(DriftwatchConfig.of(BOOTSTRAP).toStreamsProperties());
    StreamsConfig assignor = new StreamsConfig(service.getMainConsumerConfigs("driftwatch", "client", 0));

    assertThat(service.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
    assertThat(assignor.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();

    StreamsConfig off = new StreamsConfig(DriftwatchConfig.of(Map.of("bootstrap.servers", "broker:9092",
        "processing.exception.handler.global.enabled", "false")).toStreamsProperties());
    assertThat(new StreamsConfig(off.getMainConsumerConfigs("driftwatch", "client", 0))
        .getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isFalse();
  }

  @Test
  void everyKafkaPropertyPassesThroughIncludingPrefixedOnes() {
    DriftwatchConfig config = DriftwatchConfig.of(Map.of(
        "bootstrap.servers", "broker:9092",
        "processing.guarantee", "at_least_once",
        "security.protocol", "SASL_SSL",
        "producer.linger.ms", "5",
        "main.consumer.max.poll.records", "100",
        "state.dir", "/var/lib/driftwatch"));

    Properties streams = config.toStreamsProperties();
    assertThat(streams.getProperty("processing.guarantee")).isEqualTo("at_least_once");
    assertThat(streams.getProperty("producer.linger.ms")).isEqualTo("5");
    assertThat(streams.getProperty("main.consumer.max.poll.records")).isEqualTo("100");
    assertThat(streams.getProperty("state.dir")).isEqualTo("/var/lib/driftwatch");
    Properties producer = config.toProducerProperties();
    assertThat(producer.getProperty("bootstrap.servers")).isEqualTo("broker:9092");
    assertThat(producer.getProperty("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(producer.getProperty("linger.ms")).isEqualTo("5");
    assertThat(producer).doesNotContainKeys("processing.guarantee", "state.dir", "application.id");
  }

  @Test
  void aPlainConsumerGetsTheClientSettingsAndConsumerPrefixedOnesInNoGroup() {
    DriftwatchConfig config = DriftwatchConfig.of(Map.of(
        "bootstrap.servers", "broker:9092",
        "security.protocol", "SASL_SSL",
        "consumer.max.poll.records", "100",
        "producer.linger.ms", "5",
        "consumer.group.id", "someone",
        "state.dir", "/var/lib/driftwatch"));

    Properties consumer = config.toConsumerProperties();

    assertThat(consumer).containsOnly(Map.entry("bootstrap.servers", "broker:9092"),
        Map.entry("security.protocol", "SASL_SSL"), Map.entry("max.poll.records", "100"));
  }

  @Test
  void anUnknownOwnKeyIsNamedWithASuggestionAndTheKeysThatExist() {
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "topics.feature", "x")))
        .isInstanceOf(DriftwatchConfigException.class)
        .hasMessageStartingWith("unknown key 'topics.feature' (did you mean 'topics.features'?); driftwatch's keys"
            + " are topics.features, topics.predictions, topics.dlq, topics.models, topics.outcomes,"
            + " topics.drift-reports, topics.performance-reports, topics.labelled-events, model.name,"
            + " input.max.bytes");
  }

  @Test
  void aMistypedKafkaKeyIsNamedInsteadOfSilentlyIgnored() {
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "num.stream.thread", "2")))
        .isInstanceOf(DriftwatchConfigException.class)
        .hasMessage("unknown key 'num.stream.thread' (did you mean 'num.stream.threads'?): neither a driftwatch key"
            + " (topics.*, model.*, input.*, drift.*) nor a Kafka Streams, consumer, producer or admin client"
            + " property");
  }

  @Test
  void metricsPortIsOwnWhileKafkasMetricsKeysPassThrough() {
    assertThat(DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1")).metricsPort()).isEqualTo(9464);
    assertThat(DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "metrics.port", "0")).metricsPort()).isZero();
    DriftwatchConfig kafkaMetrics = DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1",
        "metrics.recording.level", "DEBUG", "metrics.context.env", "test"));
    assertThat(kafkaMetrics.toStreamsProperties()).containsEntry("metrics.recording.level", "DEBUG")
        .containsEntry("metrics.context.env", "test");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "metrics.port", "65536")))
        .isInstanceOf(DriftwatchConfigException.class)
        .hasMessage("metrics.port='65536' is invalid: not between 0 and 65535"
            + " (accepted: a TCP port from 1 to 65535, or 0 for no metrics and health endpoints)");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "metrics.port", "http")))
        .hasMessageStartingWith("metrics.port='http' is invalid: not a whole number");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "metrics.prot", "1")))
        .hasMessageStartingWith("unknown key 'metrics.prot' (did you mean 'metrics.port'?)");
  }

  @Test
  void invalidOwnValuesNameTheKeyTheValueAndWhatIsAccepted() {
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "input.max.bytes", "1MB")))
        .hasMessage("input.max.bytes='1MB' is invalid: not a whole number"
            + " (accepted: a whole number of bytes from 1 to 2147483647)");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "input.max.bytes", "0")))
        .hasMessageStartingWith("input.max.bytes='0' is invalid: not positive");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "topics.models", "my models")))
        .hasMessage("topics.models='my models' is invalid: not a legal topic name"
            + " (accepted: a Kafka topic name: 1 to 249 of a-z A-Z 0-9 . _ -, not '.' or '..')");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "model.name", "")))
        .hasMessageStartingWith("model.name='' is invalid: empty or contains whitespace");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "input.max-future-skew", "5m")))
        .hasMessage("input.max-future-skew='5m' is invalid: not an ISO-8601 duration"
            + " (accepted: an ISO-8601 duration of at least PT0S, e.g. PT5M)");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "input.max-future-skew", "-PT1S")))
        .hasMessageStartingWith("input.max-future-skew='-PT1S' is invalid: shorter than PT0S");
    assertThat(DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1")).maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "input.max-future-skew", "PT1H")).maxFutureSkew())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void twoTopicKeysCannotNameTheSameTopic() {
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "topics.dlq", "predictions")))
        .hasMessage("topics.predictions and topics.dlq both name topic 'predictions'"
            + " (accepted: a distinct topic for each topics.* key)");
  }

  @Test
  void invalidKafkaValuesAreRefusedAtLoadWithKafkasOwnMessage() {
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "processing.guarantee", "once")))
        .isInstanceOf(DriftwatchConfigException.class)
        .hasMessageContaining("processing.guarantee")
        .hasMessageContaining("once")
        .hasMessageContaining("exactly_once_v2");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "producer.acks", "maybe")))
        .isInstanceOf(DriftwatchConfigException.class)
        .hasMessageContaining("acks")
        .hasMessageContaining("maybe");
  }

  @Test
  void withoutBootstrapServersAnywhereItSaysWhereToSetThem() {
    assertThatThrownBy(() -> DriftwatchConfig.load(null, Map.of(), Map.of()))
        .isInstanceOf(DriftwatchConfigException.class)
        .hasMessage("bootstrap.servers is not set (accepted: host:port[,host:port...] in the config file, with --set"
            + " bootstrap.servers=..., or in the environment variable DRIFTWATCH_BOOTSTRAP_SERVERS)");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> DriftwatchConfig.load(missing, BOOTSTRAP, Map.of()))
        .isInstanceOf(DriftwatchConfigException.class)
        .hasMessageStartingWith("cannot read config file " + missing);
  }

  @Test
  void theShippedConfigFileLoads() {
    DriftwatchConfig config = DriftwatchConfig.load(Path.of("config/driftwatch.properties"), Map.of(),
        Map.of("DRIFTWATCH_BOOTSTRAP_SERVERS", "broker:9092"));

    assertThat(config.ownProperties()).isEqualTo(DriftwatchConfig.ownDefaults());
    assertThat(config.toStreamsProperties().getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
  }

  @Test
  void producerBatchesDefaultTo256KibForTheStreamsAndThePlainProducersAndCanBeChanged() {
    DriftwatchConfig defaults = DriftwatchConfig.of(BOOTSTRAP);
    Map<String, String> smaller = new HashMap<>(BOOTSTRAP);
    smaller.put("producer.batch.size", "16384");

    assertThat(defaults.toStreamsProperties().getProperty("producer.batch.size")).isEqualTo("262144");
    assertThat(defaults.toStreamsProperties().getProperty("producer.max.request.size")).isEqualTo("2097152");
    assertThat(defaults.toProducerProperties().getProperty("batch.size")).isEqualTo("262144");
    assertThat(DriftwatchConfig.of(smaller).toStreamsProperties().getProperty("producer.batch.size"))
        .isEqualTo("16384");
    assertThat(DriftwatchConfig.kafkaDefaults()).containsEntry("producer.batch.size", "262144")
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("restore.consumer.fetch.max.wait.ms", "50").doesNotContainKey("application.id");
  }

  @Test
  void driftDefaultsAreTheIssuesWindowsAndTheStatisticsLayersSettings() {
    DriftConfig drift = DriftwatchConfig.of(BOOTSTRAP).drift();

    assertThat(drift.enabled()).isTrue();
    assertThat(drift.windowSize()).isEqualTo(Duration.ofMinutes(1));
    assertThat(drift.grace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(drift.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(drift.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(drift.statistics()).isEqualTo(DriftSettings.defaults());
    assertThat(DriftwatchConfig.ownDefaults()).containsEntry("drift.window.size", "PT1M")
        .containsEntry("drift.min.samples", "200").containsEntry("drift.false-alarm-rate", "0.01");
  }

  @Test
  void driftKeysAreReadAndTheStatisticsKeysReachDriftSettings() {
    DriftConfig drift = DriftwatchConfig.of(Map.ofEntries(Map.entry("bootstrap.servers", "b:1"),
        Map.entry("drift.window.size", "PT30S"), Map.entry("drift.window.grace", "PT0S"),
        Map.entry("drift.idle.timeout", "PT2M"), Map.entry("drift.heartbeat.interval", "PT0.5S"),
        Map.entry("drift.min.samples", "50"), Map.entry("drift.false-alarm-rate", "0.05"),
        Map.entry("drift.effect.psi", "0.2"), Map.entry("drift.effect.wasserstein-sigma", "0.15"),
        Map.entry("drift.calibration.window-events", "1000"), Map.entry("drift.calibration.rounds", "0"))).drift();

    assertThat(drift.windowSize()).isEqualTo(Duration.ofSeconds(30));
    assertThat(drift.grace()).isEqualTo(Duration.ZERO);
    assertThat(drift.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(drift.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(drift.statistics()).isEqualTo(new DriftSettings(50, 0.05, 0.2, 0.15, 1000, 0, 20261124L));
    assertThat(DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "drift.enabled", "false")).drift().enabled())
        .isFalse();
  }

  @Test
  void invalidDriftValuesNameTheKeyTheValueAndWhatIsAccepted() {
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "drift.window.size", "60s")))
        .isInstanceOf(DriftwatchConfigException.class)
        .hasMessage("drift.window.size='60s' is invalid: not an ISO-8601 duration"
            + " (accepted: an ISO-8601 duration of at least PT1S, e.g. PT1M or PT30S)");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "drift.window.grace", "-PT1S")))
        .hasMessage("drift.window.grace='-PT1S' is invalid: shorter than PT0S"
            + " (accepted: an ISO-8601 duration of at least PT0S, e.g. PT10S)");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "drift.enabled", "yes")))
        .hasMessage("drift.enabled='yes' is invalid: not true or false (accepted: true or false)");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "drift.min.samples", "0")))
        .hasMessage("drift.min.samples='0' is invalid: out of range (accepted: a whole number from 1)");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "drift.false-alarm-rate", "1%")))
        .hasMessage("drift.false-alarm-rate='1%' is invalid: not a number (accepted: a number in (0, 0.5), e.g. 0.01)");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "drift.calibration.rounds", "50")))
        .hasMessage("drift.calibration.rounds='50' is invalid: out of range"
            + " (accepted: 0 (no resampling check) or a whole number from 100)");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "drift.window.sise", "PT1M")))
        .hasMessageStartingWith("unknown key 'drift.window.sise' (did you mean 'drift.window.size'?)");
  }

  @Test
  void theIdleTimeoutMustOutlastHeartbeatsAndExactlyOnceCommits() {
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "drift.idle.timeout", "PT1S")))
        .hasMessage("drift.idle.timeout='PT1S' is invalid: not longer than drift.heartbeat.interval (PT1S)"
            + " (accepted: an ISO-8601 duration longer than drift.heartbeat.interval and, with exactly_once_v2,"
            + " than commit.interval.ms)");
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "commit.interval.ms", "5000",
        "drift.idle.timeout", "PT5S")))
        .hasMessage("drift.idle.timeout='PT5S' is invalid: not longer than commit.interval.ms (5000 ms), and with"
            + " exactly-once a task's heartbeats become visible only when it commits (accepted: an ISO-8601 duration"
            + " longer than drift.heartbeat.interval and, with exactly_once_v2, than commit.interval.ms)");
    assertThat(DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "commit.interval.ms", "30000",
        "processing.guarantee", "at_least_once")).drift().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "commit.interval.ms", "5000",
        "drift.idle.timeout", "PT5S", "drift.enabled", "false")).drift().enabled()).isFalse();
  }
}
