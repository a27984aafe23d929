package io.driftwatch.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run log: one whole JSON line per run, read back as written, a torn line skipped and told, never spread. */
class RunLogTest {

  @TempDir Path dir;

  private static LoggedRun skipped(String runId) {
    return new LoggedRun(Runs.notebook(runId, Path.of("models/diabetes-lasso.json")),
        MlflowResult.skipped("MLFLOW_TRACKING_URI is not set", null, null, null));
  }

  private static LoggedRun tracked(String runId) {
    MlflowResult result = new MlflowResult(MlflowResult.Status.TRACKED, null, "http://localhost:5000", "driftwatch", "1",
        "8f0e", "http://localhost:5000/#/experiments/1/runs/8f0e", "mlflow-artifacts:/1/8f0e/artifacts", true, null);
    return new LoggedRun(Runs.notebook(runId, Path.of("models/diabetes-lasso.json")), result);
  }

  @Test
  void appendsOneLinePerRunAndReadsThemBackAsWritten() throws IOException {
    RunLog log = new RunLog(dir.resolve("runs"));
    assertThat(log.read().runs()).isEmpty();
    log.append(skipped("a1"));
    log.append(tracked("b2"));

    assertThat(log.file()).isEqualTo(dir.resolve("runs/runs.jsonl"));
    List<String> lines = Files.readAllLines(log.file());
    assertThat(lines).hasSize(2);
    RunLog.Contents contents = log.read();
    assertThat(contents.damaged()).isEmpty();
    assertThat(contents.runs()).containsExactly(skipped("a1"), tracked("b2"));

    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    List<String> fields = new ArrayList<>();
    first.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("schema_version", "run_id", "run_name", "kind", "start_time", "end_time",
        "params", "metrics", "tags", "artifact_path", "mlflow");
    assertThat(first.get("start_time").asText()).isEqualTo("2026-01-18T19:27:35.125Z");
    assertThat(first.get("params").get("alpha").isTextual()).isTrue();
    assertThat(first.get("metrics").get("test_rmse").asDouble()).isEqualTo(53.68743341856302);
    assertThat(first.get("tags").get("parent_model_version").isNull()).isTrue();
    assertThat(first.get("mlflow").toString())
        .isEqualTo("{\"status\":\"skipped\",\"reason\":\"MLFLOW_TRACKING_URI is not set\",\"artifact_uploaded\":false}");
  }

  @Test
  void aValueWithANewlineStaysOnItsLine() {
    Map<String, String> tags = new LinkedHashMap<>(Runs.notebook("c3", Path.of("m.json")).tags());
    tags.put("data_source", "odd\nname.csv");
    RunRecord base = Runs.notebook("c3", Path.of("m.json"));
    RunRecord odd = new RunRecord(base.runId(), base.runName(), base.kind(), base.startTime(), base.endTime(),
        base.params(), base.metrics(), tags, base.artifactPath());
    byte[] line = RunLogJson.line(new LoggedRun(odd, skipped("c3").mlflow()));
    long newlines = new String(line, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    assertThat(newlines).isEqualTo(1);
    assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
    assertThat(RunLogJson.read(new String(line, StandardCharsets.UTF_8)).run().tag("data_source"))
        .isEqualTo("odd\nname.csv");
  }

  /** A crash mid-write leaves part of a line: it is skipped and told, and the next run starts on a line of its own. */
  @Test
  void aTornLastLineIsSkippedAndReportedAndTheNextRunStillGetsAWholeLine() throws IOException {
    RunLog log = new RunLog(dir);
    log.append(skipped("a1"));
    byte[] next = RunLogJson.line(tracked("b2"));
    Files.write(log.file(), Arrays.copyOf(next, next.length / 2), StandardOpenOption.APPEND);

    RunLog.Contents torn = log.read();
    assertThat(torn.runs()).containsExactly(skipped("a1"));
    assertThat(torn.damaged()).hasSize(1);
    RunLog.DamagedLine damaged = torn.damaged().get(0);
    assertThat(damaged.lineNumber()).isEqualTo(2);
    assertThat(damaged.toString()).startsWith(log.file() + ", line 2: skipped, no newline at its end, a torn write: "
        + "not valid JSON (");

    log.append(skipped("c3"));
    RunLog.Contents after = log.read();
    assertThat(after.runs()).containsExactly(skipped("a1"), skipped("c3"));
    assertThat(after.damaged()).extracting(RunLog.DamagedLine::lineNumber).containsExactly(2);
    assertThat(after.damaged().get(0).reason()).startsWith("not valid JSON (");
    assertThat(Files.readAllLines(log.file())).hasSize(3);
  }

  @Test
  void linesOfAnotherSchemaOrNotRunsAreSkippedAndTold() throws IOException {
    RunLog log = new RunLog(dir);
    log.append(skipped("a1"));
    Files.writeString(log.file(), "{\"schema_version\":2,\"run_id\":\"x\"}\n[1,2]\n{\"schema_version\":1}\n\n",
        StandardOpenOption.APPEND);
    log.append(skipped("d4"));
    RunLog.Contents contents = log.read();
    assertThat(contents.runs()).containsExactly(skipped("a1"), skipped("d4"));
    assertThat(contents.damaged()).extracting(RunLog.DamagedLine::reason).containsExactly(
        "schema_version 2 is not 1", "not a JSON object", "params is missing or not an object");
  }

  @Test
  void twoThreadsAppendingAtOnceLeaveOnlyWholeLines() throws Exception {
    int perThread = 150;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (String thread : List.of("left", "right")) {
        // Each thread has its own RunLog, as two commands would.
        RunLog log = new RunLog(dir.resolve("shared"));
        writers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            log.append(i % 2 == 0 ? tracked(thread + i) : skipped(thread + i));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    RunLog.Contents contents = new RunLog(dir.resolve("shared")).read();
    assertThat(contents.damaged()).isEmpty();
    assertThat(contents.runs()).hasSize(2 * perThread);
    HashSet<String> ids = new HashSet<>();
    contents.runs().forEach(run -> ids.add(run.run().runId()));
    assertThat(ids).hasSize(2 * perThread).contains("left0", "left149", "right0", "right149");
  }

  @Test
  void theRunsDirectoryIsTheOptionElseTheVariableElseRuns() {
    Map<String, String> env = Map.of(RunLog.DIRECTORY_VARIABLE, "/var/lib/driftwatch/runs");
    assertThat(RunLog.directory(Path.of("mine"), env::get)).isEqualTo(Path.of("mine"));
    assertThat(RunLog.directory(null, env::get)).isEqualTo(Path.of("/var/lib/driftwatch/runs"));
    assertThat(RunLog.directory(null, Map.of(RunLog.DIRECTORY_VARIABLE, " ")::get)).isEqualTo(Path.of("runs"));
    assertThat(RunLog.directory(null, Map.<String, String>of()::get)).isEqualTo(Path.of("runs"));
  }
}
