package io.driftwatch.tracking;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where and how to reach an MLflow tracking server, from MLflow's own environment variables:
 * {@code MLFLOW_TRACKING_URI} (http or https), {@code MLFLOW_EXPERIMENT_NAME} (default {@value #DEFAULT_EXPERIMENT}),
 * and credentials: {@code MLFLOW_TRACKING_USERNAME} with {@code MLFLOW_TRACKING_PASSWORD} (HTTP Basic), else
 * {@code MLFLOW_TRACKING_TOKEN} (Bearer), the order MLflow's Python client uses.
 *
 * @param trackingUri the server's base address, without a trailing slash
 * @param experimentName the experiment runs go to
 * @param authorization the {@code Authorization} header's value, or null
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for each answer
 */
public record MlflowSettings(
    URI trackingUri, String experimentName, String authorization, Duration connectTimeout, Duration requestTimeout) {

  public static final String TRACKING_URI = "MLFLOW_TRACKING_URI";
  public static final String EXPERIMENT_NAME = "MLFLOW_EXPERIMENT_NAME";
  public static final String TRACKING_TOKEN = "MLFLOW_TRACKING_TOKEN";
  public static final String TRACKING_USERNAME = "MLFLOW_TRACKING_USERNAME";
  public static final String TRACKING_PASSWORD = "MLFLOW_TRACKING_PASSWORD";
  public static final String DEFAULT_EXPERIMENT = "driftwatch";
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  public MlflowSettings {
    Objects.requireNonNull(trackingUri, "tracking URI");
    Objects.requireNonNull(connectTimeout, "connect timeout");
    Objects.requireNonNull(requestTimeout, "request timeout");
    if (experimentName == null || experimentName.isBlank()) {
      throw new IllegalArgumentException("the experiment name must not be empty");
    }
    String scheme = trackingUri.getScheme() == null ? "" : trackingUri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || trackingUri.getHost() == null) {
      throw new IllegalArgumentException(TRACKING_URI + " '" + withoutCredentials(trackingUri) + "' is not an http(s) "
          + "URL: driftwatch logs runs to a tracking server through its REST API");
    }
    String text = trackingUri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    trackingUri = URI.create(text);
  }

  /**
   * The settings the environment gives, or null when {@code MLFLOW_TRACKING_URI} is unset or blank.
   *
   * @param env looks a variable up, null when unset ({@code System::getenv}, or a map's {@code get} in tests)
   * @throws IllegalArgumentException the URI is not an http(s) URL; the message says so
   */
  public static MlflowSettings fromEnvironment(Function<String, String> env) {
    String uri = trimmed(env.apply(TRACKING_URI));
    if (uri == null) {
      return null;
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(TRACKING_URI + " is not a valid URI: " + e.getMessage(), e);
    }
    String experiment = trimmed(env.apply(EXPERIMENT_NAME));
    return new MlflowSettings(parsed, experiment == null ? DEFAULT_EXPERIMENT : experiment, authorization(env),
        CONNECT_TIMEOUT, REQUEST_TIMEOUT);
  }

  /** The same server and credentials with other timeouts (tests). */
  public MlflowSettings withTimeouts(Duration connect, Duration request) {
    return new MlflowSettings(trackingUri, experimentName, authorization, connect, request);
  }

  /** The tracking URI as it may be shown and logged: any {@code user:password@} removed. */
  public String displayUri() {
    return withoutCredentials(trackingUri);
  }

  /** The run's page in the MLflow UI. */
  public String runUrl(String experimentId, String runId) {
    return displayUri() + "/#/experiments/" + experimentId + "/runs/" + runId;
  }

  /** Never prints the credentials. */
  @Override
  public String toString() {
    return "MlflowSettings[" + displayUri() + ", experiment " + experimentName + ", "
        + (authorization == null ? "no credentials" : authorization.substring(0, authorization.indexOf(' ')) + " auth")
        + "]";
  }

  private static String authorization(Function<String, String> env) {
    String user = env.apply(TRACKING_USERNAME);
    String password = env.apply(TRACKING_PASSWORD);
    if (user != null && !user.isEmpty() && password != null && !password.isEmpty()) {
      return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
    String token = trimmed(env.apply(TRACKING_TOKEN));
    return token == null ? null : "Bearer " + token;
  }

  private static String withoutCredentials(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", "");
  }

  private static String trimmed(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
