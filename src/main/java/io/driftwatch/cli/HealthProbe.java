package io.driftwatch.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container's health check: {@code java -cp /app/classes io.driftwatch.cli.HealthProbe [URL]} exits 0 when the
 * URL (default {@code http://localhost:9464/health/live}) answers 200 within 3 s, else 1 with the reason on stderr.
 * The JRE image has no curl or wget; this needs nothing but the JDK's HTTP client.
 */
public final class HealthProbe {

  static final String DEFAULT_URL = "http://localhost:9464/health/live";

  private HealthProbe() {}

  public static void main(String[] args) {
    System.exit(probe(args.length > 0 ? args[0] : DEFAULT_URL));
  }

  /** 0 when {@code url} answers 200, else 1 (the reason printed to stderr). */
  static int probe(String url) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return 0;
      }
      System.err.println("health: " + url + " answered " + response.statusCode() + ": " + response.body().strip());
      return 1;
    } catch (Exception e) {
      System.err.println("health: " + url + " does not answer: " + e);
      return 1;
    }
  }
}
