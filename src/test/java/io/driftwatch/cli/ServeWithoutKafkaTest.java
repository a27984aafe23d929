package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.core.model.ModelArtifactJson;
import io.driftwatch.testing.ChildJvm;
import io.driftwatch.testing.TrainedModels;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} against brokers that do not answer, in its own JVM with the product's logging: one warning in
 * driftwatch's words naming each server and why, no repeated Kafka client warnings, no start-up warning the user cannot
 * act on, and SIGTERM still stops it at once (Kafka Streams is not started until the cluster answers).
 */
class ServeWithoutKafkaTest {

  @TempDir Path dir;

  @Test
  void saysOnceWhichServersItCannotReachAndStopsOnSigterm() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path work = Files.createDirectories(dir.resolve("work"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    String servers = "127.0.0.1:" + closedPort + ",nohost.invalid:9092";
    Path model = dir.resolve("model.json");
    ModelArtifactJson.write(TrainedModels.diabetes(), model);
    try (ChildJvm serve = ChildJvm.start(work, tmp, DriftwatchCli.class.getName(), "serve",
        "--bootstrap-servers", servers, "--metrics-port", "0", "--model", model.toString(),
        "--set", "state.dir=" + dir.resolve("state"))) {
      serve.awaitStderr(log -> log.contains("cannot reach Kafka"), Duration.ofSeconds(60));
      // Two more of driftwatch's 5-second attempts: dozens of reconnects, had Kafka's clients been left to log them.
      Thread.sleep(11_000);
      serve.terminate();
      // 128 + 15: stopped by SIGTERM after its shutdown hook ran, as its help says.
      assertThat(serve.awaitExit(Duration.ofSeconds(20))).isEqualTo(143);

      List<String> warnings = serve.stderr().lines()
          .filter(line -> line.matches("^\\S+ (WARN|ERROR) .*"))
          .toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).endsWith("WARN  KafkaReachability - cannot reach Kafka: 127.0.0.1:" + closedPort
          + " (connection refused), nohost.invalid:9092 (unknown host). Waiting for it, asking every 5 s (Ctrl-C or"
          + " SIGTERM stops)");
      assertThat(serve.stderr()).doesNotContain("NetworkClient", "ClientUtils", "GlobalThread");
    }
  }
}
