package io.driftwatch.cli;

import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.DriftwatchConfigException;
import io.driftwatch.streaming.scoring.ScoringModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes a model artifact to the models topic, keyed by its model name; running instances switch to it.",
      "The artifact is checked first and published byte for byte.",
      "Exit status: 0 once the broker acknowledged it, 1 if publishing failed, 2 for a bad artifact or config."
    })
public final class PublishCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model artifact (JSON).")
  Path model;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka brokers; overrides the config file and DRIFTWATCH_BOOTSTRAP_SERVERS.")
  String bootstrapServers;

  @Option(names = "--config", paramLabel = "FILE", description = "The service's properties file (topics, security).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Sets a configuration key (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DriftwatchConfig loaded;
    try {
      Map<String, String> settings = new LinkedHashMap<>(overrides);
      if (bootstrapServers != null) {
        settings.put("bootstrap.servers", bootstrapServers);
      }
      loaded = DriftwatchConfig.load(config, settings, System.getenv());
    } catch (DriftwatchConfigException e) {
      err.println("publish: invalid configuration: " + e.getMessage());
      return 2;
    }

    byte[] json;
    ModelArtifact artifact;
    try {
      json = Files.readAllBytes(model);
      artifact = ModelArtifactJson.read(json);
      ScoringModel.compile(artifact); // the checks every instance applies before switching
    } catch (IOException e) {
      err.println("publish: cannot read " + model + ": " + e.getMessage());
      return 2;
    } catch (InvalidModelArtifactException e) {
      err.println("publish: " + model + " is not a usable model artifact: " + e.getMessage());
      return 2;
    }

    String topic = loaded.topics().models();
    Properties producerProperties = loaded.toProducerProperties();
    producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producerProperties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    producerProperties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    producerProperties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer())) {
      RecordMetadata written = producer.send(new ProducerRecord<>(topic, artifact.modelName(), json)).get();
      out.printf(
          "published model %s version %s to topic %s (partition %d, offset %d)%n",
          artifact.modelName(), artifact.modelVersion(), written.topic(), written.partition(), written.offset());
    } catch (ExecutionException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      err.println("publish: could not publish to topic " + topic + " on " + loaded.bootstrapServers() + ": "
          + cause.getMessage());
      return 1;
    }
    if (!artifact.modelName().equals(loaded.modelName())) {
      err.println("publish: note: instances with model.name=" + loaded.modelName() + " will not use model "
          + artifact.modelName());
    }
    return 0;
  }
}
