package io.driftwatch.streaming.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftwatch.streaming.config.DriftwatchConfig;
import io.driftwatch.streaming.config.DriftwatchConfigException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints of one instance ({@code metrics.port}): {@code /metrics} in Prometheus' text format,
 * {@code /health/live} (200 while the process answers) and {@code /health/ready} (200, or 503 with the reason).
 */
public final class MetricsServer implements AutoCloseable {

  /** The Prometheus text format (0.0.4), the registry's default. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Serves on {@code port} (all interfaces; 0 is not allowed here: callers skip the server then).
   *
   * @param notReady the reason the instance is not ready, or empty when it is
   * @throws DriftwatchConfigException naming {@code metrics.port} if the port cannot be bound
   */
  public static MetricsServer start(int port, PrometheusMeterRegistry registry, Supplier<Optional<String>> notReady) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (BindException e) {
      throw new DriftwatchConfigException(DriftwatchConfig.METRICS_PORT + "='" + port + "' is invalid: port " + port
          + " is in use (accepted: a free TCP port from 1 to 65535, or 0 for no metrics and health endpoints)", e);
    } catch (IOException e) {
      throw new DriftwatchConfigException(DriftwatchConfig.METRICS_PORT + "='" + port + "': cannot serve on it: "
          + e.getMessage() + " (accepted: a free TCP port from 1 to 65535, or 0 for no metrics and health endpoints)",
          e);
    }
    server.createContext("/metrics", exchange -> {
      if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
        return;
      }
      send(exchange, 200, PROMETHEUS_TEXT, registry.scrape(PROMETHEUS_TEXT));
    });
    server.createContext("/health/live", exchange -> send(exchange, 200, "text/plain; charset=utf-8", "live\n"));
    server.createContext("/health/ready", exchange -> {
      Optional<String> reason = notReady.get();
      if (reason.isEmpty()) {
        send(exchange, 200, "text/plain; charset=utf-8", "ready\n");
      } else {
        send(exchange, 503, "text/plain; charset=utf-8", "not ready: " + reason.get() + "\n");
      }
    });
    server.createContext("/", exchange ->
        send(exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics, /health/live, /health/ready\n"));
    ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "driftwatch-metrics-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.start();
    LOG.info("metrics on http://localhost:{}/metrics, health on /health/live and /health/ready", server.getAddress().getPort());
    return new MetricsServer(server, executor);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
