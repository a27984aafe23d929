package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

  @Test
  void exitsZeroOnlyWhenTheEndpointAnswers200() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/health/live", exchange -> {
      byte[] body = "live".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/health/ready", exchange -> {
      byte[] body = "not ready: Kafka Streams is REBALANCING".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    int port = server.getAddress().getPort();
    try {
      assertThat(HealthProbe.probe("http://127.0.0.1:" + port + "/health/live")).isZero();
      assertThat(HealthProbe.probe("http://127.0.0.1:" + port + "/health/ready")).isEqualTo(1);
    } finally {
      server.stop(0);
    }
    assertThat(HealthProbe.probe("http://127.0.0.1:" + port + "/health/live")).as("nothing listens").isEqualTo(1);
  }
}
