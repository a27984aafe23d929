package io.driftwatch.cli;

import io.driftwatch.core.model.InvalidModelArtifactException;
import io.driftwatch.streaming.DriftwatchService;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.DriftwatchConfigException;
import io.driftwatch.streaming.metrics.MetricsServer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the scoring and drift-monitoring service against existing brokers until SIGTERM or Ctrl-C.",
      "Exit status: 143 (or 130 for Ctrl-C) after a clean stop on SIGTERM, as for any JVM; 1 if the service failed; 2"
          + " for a bad configuration or model file or a missing topic."
    })
public final class ServeCommand implements Callable<Integer> {

  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file, e.g. config/driftwatch.properties.")
  Path config;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "Model artifact to score with until the models topic has a valid one for model.name.")
  Path model;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Sets a configuration key, overriding the file (repeatable): a driftwatch key or any Kafka "
          + "Streams or client property.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers (sets bootstrap.servers, overriding the file and DRIFTWATCH_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Port of /metrics, /health/live and /health/ready (sets metrics.port; default 9464, 0: none).")
  Integer metricsPort;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    DriftwatchService service;
    try {
      Map<String, String> settings = CliOptions.withBootstrap(overrides, bootstrapServers);
      if (metricsPort != null) {
        settings.put(DriftwatchConfig.METRICS_PORT, metricsPort.toString());
      }
      DriftwatchConfig loaded = DriftwatchConfig.load(config, settings, System.getenv());
      service = DriftwatchService.create(loaded, Optional.ofNullable(model));
    } catch (DriftwatchConfigException e) {
      err.println("serve: invalid configuration: " + e.getMessage());
      return 2;
    } catch (InvalidModelArtifactException | UncheckedIOException e) {
      err.println("serve: " + e.getMessage());
      return 2;
    } catch (KafkaException e) {
      err.println("serve: cannot create the Kafka Streams instance: " + e.getMessage());
      return 2;
    }

    MetricsServer metrics = null;
    try {
      int port = service.config().metricsPort();
      if (port != 0) {
        metrics = MetricsServer.start(port, service.metrics(), service::notReady);
      }
    } catch (DriftwatchConfigException e) {
      err.println("serve: invalid configuration: " + e.getMessage());
      service.close(CLOSE_TIMEOUT);
      return 2;
    }
    MetricsServer server = metrics;
    // SIGTERM and Ctrl-C run shutdown hooks: close cleanly (commit, leave the group) before the JVM exits.
    Thread shutdown = new Thread(() -> {
      service.close(CLOSE_TIMEOUT);
      if (server != null) {
        server.close();
      }
    }, "driftwatch-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    try {
      service.start();
    } catch (DriftwatchConfigException e) {
      Runtime.getRuntime().removeShutdownHook(shutdown);
      err.println("serve: invalid configuration: " + e.getMessage());
      service.close(CLOSE_TIMEOUT);
      if (server != null) {
        server.close();
      }
      return 2;
    }
    State end = service.awaitTermination();
    if (end == State.ERROR) {
      err.println("serve: the service stopped after an error (see the log above)");
      service.close(CLOSE_TIMEOUT);
      return 1;
    }
    return 0;
  }
}
