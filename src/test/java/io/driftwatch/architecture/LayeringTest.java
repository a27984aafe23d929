package io.driftwatch.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The math knows nothing of Kafka; experiment tracking knows only the math, the HTML report only the report JSON; the
 * service runtime knows nothing of the in-JVM broker.
 */
class LayeringTest {

  private static final Path MAIN = Path.of("src/main/java/io/driftwatch");

  @Test
  void coreImportsNeitherKafkaNorStreamingCode() {
    assertThat(offendingLines(MAIN.resolve("core"), "import org.apache.kafka", "import kafka.",
            "import io.driftwatch.streaming", "import io.driftwatch.cli", "import io.driftwatch.demo"))
        .isEmpty();
  }

  @Test
  void trackingIsPlainJavaOnCore() {
    assertThat(offendingLines(MAIN.resolve("tracking"), "import org.apache.kafka", "import kafka.",
            "import io.driftwatch.streaming", "import io.driftwatch.cli", "import io.driftwatch.demo",
            "import io.driftwatch.simulate", "import io.driftwatch.bench", "import io.micrometer"))
        .isEmpty();
    assertThat(offendingLines(MAIN.resolve("core"), "import io.driftwatch.tracking")).isEmpty();
  }

  /** The HTML report renders report JSON however it was obtained: from the topic (the CLI reads it) or offline. */
  @Test
  void theHtmlReportKnowsNeitherKafkaNorWhereReportsComeFrom() {
    assertThat(offendingLines(MAIN.resolve("report"), "import org.apache.kafka", "import kafka.",
            "import io.driftwatch.streaming", "import io.driftwatch.cli", "import io.driftwatch.demo",
            "import io.driftwatch.simulate", "import io.driftwatch.bench", "import io.driftwatch.tracking",
            "import io.micrometer"))
        .isEmpty();
    assertThat(offendingLines(MAIN.resolve("core"), "import io.driftwatch.report")).isEmpty();
  }

  @Test
  void onlyTheDemoPackageAndItsCommandUseBrokerClasses() {
    List<String> offenders =
        offendingLines(MAIN, "import kafka.", "import org.apache.kafka.server", "import org.apache.kafka.metadata",
                "import org.apache.kafka.raft", "import io.driftwatch.demo").stream()
            .filter(line -> !line.startsWith(MAIN.resolve("demo").toString()))
            .filter(line -> !line.contains("DemoCommand.java") && !line.contains("BenchCommand.java"))
            .toList();
    assertThat(offenders).isEmpty();
  }

  private static List<String> offendingLines(Path root, String... forbiddenPrefixes) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .flatMap(f -> lines(f).stream()
              .filter(line -> Stream.of(forbiddenPrefixes).anyMatch(line.trim()::startsWith))
              .map(line -> f + ": " + line.trim()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
