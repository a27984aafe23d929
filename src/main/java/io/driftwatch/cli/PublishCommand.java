package io.driftwatch.cli;

import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.DriftwatchConfigException;
import io.driftwatch.streaming.retrain.ModelsTopic;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
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
      Map<String, String> settings = CliOptions.withBootstrap(overrides, bootstrapServers);
      loaded = DriftwatchConfig.load(config, settings, System.getenv());
    } catch (DriftwatchConfigException e) {
      err.println("publish: invalid configuration: " + e.getMessage());
      return 2;
    }

    byte[] json;
    ModelArtifact artifact;
    try {
      json = Files.readAllBytes(model);
      artifact = ModelsTopic.check(json, null); // the checks every instance applies before switching
    } catch (IOException e) {
      err.println("publish: cannot read " + model + ": " + e.getMessage());
      return 2;
    } catch (InvalidModelArtifactException e) {
      err.println("publish: " + model + " is not a usable model artifact: " + e.getMessage());
      return 2;
    }

    String topic = loaded.topics().models();
    try {
      ModelsTopic.Published written = ModelsTopic.publish(loaded.toProducerProperties(), topic, artifact, json);
      out.printf(
          "published model %s version %s to topic %s (partition %d, offset %d)%n",
          artifact.modelName(), artifact.modelVersion(), written.topic(), written.partition(), written.offset());
    } catch (KafkaException e) {
      err.println("publish: could not publish to topic " + topic + " on " + loaded.bootstrapServers() + ": "
          + e.getMessage());
      return 1;
    }
    if (!artifact.modelName().equals(loaded.modelName())) {
      err.println("publish: note: instances with model.name=" + loaded.modelName() + " will not use model "
          + artifact.modelName());
    }
    return 0;
  }
}
