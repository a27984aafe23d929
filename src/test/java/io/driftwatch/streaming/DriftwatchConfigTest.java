package io.driftwatch.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
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
        "patient-features", "predictions", "patient-features-dlq", "models", "patient-outcomes", "drift-reports"));
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
  void anUnknownOwnKeyIsNamedWithASuggestionAndTheKeysThatExist() {
    assertThatThrownBy(() -> DriftwatchConfig.of(Map.of("bootstrap.servers", "b:1", "topics.feature", "x")))
        .isInstanceOf(DriftwatchConfigException.class)
        .hasMessageStartingWith("unknown key 'topics.feature' (did you mean 'topics.features'?); driftwatch's keys"
            + " are topics.features, topics.predictions, topics.dlq, topics.models, topics.outcomes,"
            + " topics.drift-reports, model.name, input.max.bytes");
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
}
