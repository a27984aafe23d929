package io.driftwatch.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A command run in its own JVM with the test classpath, as a user or a supervisor would run it: so a test can send it
 * SIGTERM, or SIGKILL it, which no in-process "crash" can imitate. Its stdout and stderr go to files (a full pipe
 * would block it), which the test can wait on. Always {@link #close()} it: that kills the process if still alive.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildJvm(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code mainClass} with {@code args}.
   *
   * @param workDir the working directory; also receives {@code stdout.txt} and {@code stderr.txt}
   * @param tmpDir the child's {@code java.io.tmpdir}, so a test can check what it left behind
   */
  public static ChildJvm start(Path workDir, Path tmpDir, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1"); // starts faster; these runs are about behaviour, not speed
    command.add("-Djava.io.tmpdir=" + tmpDir);
    // The product's logging (no Log4j shutdown hook, so a SIGTERM shutdown is logged), not log4j2-test.xml.
    command.add("-Dlog4j2.configurationFile=log4j2.xml");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    Path out = workDir.resolve("stdout.txt");
    Path err = workDir.resolve("stderr.txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      return new ChildJvm(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String stdout() {
    return read(stdout);
  }

  public String stderr() {
    return read(stderr);
  }

  /** Waits until stdout satisfies {@code condition}; fails, showing both streams, on timeout or if the JVM exits. */
  public String awaitStdout(Predicate<String> condition, Duration timeout) throws InterruptedException {
    return await(stdout, condition, timeout);
  }

  /** Waits until stderr (the log) satisfies {@code condition}; fails as {@link #awaitStdout} does. */
  public String awaitStderr(Predicate<String> condition, Duration timeout) throws InterruptedException {
    return await(stderr, condition, timeout);
  }

  private String await(Path file, Predicate<String> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String text = read(file);
      if (condition.test(text)) {
        return text;
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            (process.isAlive() ? "timed out" : "exited with " + process.exitValue()) + " before the expected output;"
                + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr());
      }
      Thread.sleep(50);
    }
  }

  /** SIGTERM, as {@code kill PID}, a container runtime or Ctrl-C's cousin sends: shutdown hooks run. */
  public void terminate() {
    process.destroy();
  }

  /** SIGSTOP: the JVM is frozen where it is (no commit, no heartbeat) until {@link #resume()} or a kill. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** SIGKILL: the JVM dies at once, without shutdown hooks, commits or goodbyes to the broker. */
  public void kill() {
    process.destroyForcibly();
  }

  /** Waits for the exit and returns its status; fails if it takes longer than {@code timeout}. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + "; stderr:\n" + stderr());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
