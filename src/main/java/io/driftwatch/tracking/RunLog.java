package io.driftwatch.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The local record of every run: {@code runs.jsonl} in the runs directory, one JSON line per run
 * ({@link RunLogJson}), appended, never rewritten.
 *
 * <p>Safe against a crash mid-write: each run is one write of its whole line to a file opened for appending, under a
 * lock (other threads and processes wait; the line is fsynced before the lock is released). A crash can still leave a
 * torn last line; the next append starts on a fresh line, so the torn one damages nothing else, and {@link #read()}
 * skips and reports it.
 */
public final class RunLog {

  public static final String FILE_NAME = "runs.jsonl";
  /** Environment variable naming the runs directory, below {@code --runs-dir} and above the default. */
  public static final String DIRECTORY_VARIABLE = "DRIFTWATCH_RUNS_DIR";
  public static final Path DEFAULT_DIRECTORY = Path.of("runs");

  /** One JVM-wide monitor per file: a second FileLock on the same file in one JVM throws instead of waiting. */
  private static final ConcurrentHashMap<Path, Object> APPENDERS = new ConcurrentHashMap<>();

  private final Path file;

  /** The log in {@code directory} (created on the first append). */
  public RunLog(Path directory) {
    this.file = directory.resolve(FILE_NAME);
  }

  /**
   * The runs directory: {@code --runs-dir} when given, else {@code DRIFTWATCH_RUNS_DIR} when set, else {@code runs}
   * (relative to the working directory).
   */
  public static Path directory(Path option, Function<String, String> env) {
    if (option != null) {
      return option;
    }
    String variable = env.apply(DIRECTORY_VARIABLE);
    return variable == null || variable.isBlank() ? DEFAULT_DIRECTORY : Path.of(variable.trim());
  }

  public Path file() {
    return file;
  }

  /**
   * Appends one run as one line.
   *
   * @throws UncheckedIOException the directory or file cannot be created or written
   */
  public void append(LoggedRun run) {
    byte[] line = RunLogJson.line(run);
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      synchronized (APPENDERS.computeIfAbsent(file.toAbsolutePath().normalize(), key -> new Object())) {
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            FileLock lock = channel.lock()) {
          ByteBuffer bytes = endsMidLine(channel) ? ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip()
              : ByteBuffer.wrap(line);
          while (bytes.hasRemaining()) {
            channel.write(bytes);
          }
          channel.force(false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot append the run (" + e + ")", e);
    }
  }

  /** Every whole run in the log, in order, and the lines skipped (torn, or not a run this version reads). */
  public Contents read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Contents(List.of(), List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot be read (" + e + ")", e);
    }
    List<LoggedRun> runs = new ArrayList<>();
    List<DamagedLine> damaged = new ArrayList<>();
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      try {
        runs.add(RunLogJson.read(line));
      } catch (IllegalArgumentException e) {
        boolean last = i == lines.length - 1;
        damaged.add(new DamagedLine(file, i + 1, (last ? "no newline at its end, a torn write: " : "") + e.getMessage()));
      }
    }
    return new Contents(List.copyOf(runs), List.copyOf(damaged));
  }

  /** What {@link #read()} found. */
  public record Contents(List<LoggedRun> runs, List<DamagedLine> damaged) {}

  /** A line that is not a whole run: skipped, and told. */
  public record DamagedLine(Path file, int lineNumber, String reason) {

    @Override
    public String toString() {
      return file + ", line " + lineNumber + ": skipped, " + reason;
    }
  }

  /** Whether the file's last byte is not a newline: a write was torn, and the next line must start afresh. */
  private boolean endsMidLine(FileChannel appending) throws IOException {
    long size = appending.size();
    if (size == 0) {
      return false;
    }
    try (FileChannel reading = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      reading.read(last, size - 1);
      return last.get(0) != '\n';
    }
  }
}
