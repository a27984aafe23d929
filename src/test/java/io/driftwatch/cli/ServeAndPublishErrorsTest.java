package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad configuration and files stop {@code serve} and {@code publish} before any connection, naming what is wrong. */
class ServeAndPublishErrorsTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = DriftwatchCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void serveNamesAnUnknownKeyAndExitsWithTwo() {
    int status = run("serve", "--set", "bootstrap.servers=b:9092", "--set", "topics.feature=in");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).startsWith(
        "serve: invalid configuration: unknown key 'topics.feature' (did you mean 'topics.features'?)");
  }

  @Test
  void serveNamesMetricsPortWhenItsPortIsTaken() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      int port = taken.getLocalPort();
      int status = run("serve", "--set", "bootstrap.servers=localhost:9", "--metrics-port", String.valueOf(port));

      assertThat(status).isEqualTo(2);
      assertThat(err.toString()).isEqualTo("serve: invalid configuration: metrics.port='" + port + "' is invalid:"
          + " port " + port + " is in use (accepted: a free TCP port from 1 to 65535, or 0 for no metrics and health"
          + " endpoints)" + System.lineSeparator());
    }
  }

  @Test
  void serveNamesAnInvalidValueAndWhatIsAccepted() {
    int status = run("serve", "--config", "config/driftwatch.properties", "--set", "bootstrap.servers=b:9092",
        "--set", "processing.guarantee=exactly_once");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("serve: invalid configuration: invalid Kafka property: Invalid value exactly_once for"
            + " configuration processing.guarantee")
        .contains("exactly_once_v2");
  }

  @Test
  void serveNamesAMissingConfigFile() {
    int status = run("serve", "--config", dir.resolve("missing.properties").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).startsWith("serve: invalid configuration: cannot read config file "
        + dir.resolve("missing.properties"));
  }

  @Test
  void publishNamesAMissingModelFile() {
    Path missing = dir.resolve("missing.json");

    int status = run("publish", "--model", missing.toString(), "--bootstrap-servers", "b:9092");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).startsWith("publish: cannot read " + missing);
  }

  @Test
  void publishNeedsAModel() {
    assertThat(run("publish", "--bootstrap-servers", "b:9092")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--model=FILE'");
  }

  @Test
  void serveNamesAMissingModelFile() {
    Path missing = dir.resolve("missing.json");

    int status = run("serve", "--set", "bootstrap.servers=b:9092", "--model", missing.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("serve: --model " + missing + ": no such file" + System.lineSeparator());
  }

  @Test
  void serveRefusesAModelForAnotherModelName() throws Exception {
    Path model = dir.resolve("model.json");
    io.driftwatch.core.model.ModelArtifactJson.write(io.driftwatch.testing.TrainedModels.diabetes(), model);

    int status = run("serve", "--set", "bootstrap.servers=b:9092", "--set", "model.name=heart", "--model",
        model.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("serve: --model " + model
        + ": model_name 'diabetes-lasso' is not this instance's model.name 'heart'" + System.lineSeparator());
  }

  @Test
  void publishRefusesAnInvalidArtifactBeforeConnecting() throws Exception {
    Path model = dir.resolve("model.json");
    java.nio.file.Files.writeString(model, "{\"schema_version\":1}");

    int status = run("publish", "--model", model.toString(), "--bootstrap-servers", "b:9092");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).startsWith("publish: " + model + " is not a usable model artifact: ");
  }
}
