package io.driftwatch.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * CPU time of a JVM's threads by role, from Linux's per-thread accounting ({@code /proc/<pid>/task/<tid>/stat}),
 * which, unlike {@code ThreadMXBean}, also sees the JIT compiler and GC threads, and works on another process (the
 * deployed benchmark's {@code serve}). In the in-JVM benchmark everything runs in one JVM, so this says whether a
 * subject's extra cost is its own stream thread's or the broker's, the producer's or the JIT's. On other systems the
 * snapshot is empty and the report leaves the breakdown out.
 */
final class ThreadCpu {

  /** What a thread does, told from its name (Linux keeps the first 15 characters). */
  enum Role {
    STREAM("stream threads"),
    BROKER("broker"),
    PRODUCER_IO("producer I/O"),
    JIT("JIT compiler"),
    GC("GC"),
    OTHER("other");

    final String label;

    Role(String label) {
      this.label = label;
    }
  }

  /** {@code USER_HZ}: the unit of the stat file's CPU times, 100 on every Linux architecture Java runs on. */
  private static final double TICKS_PER_SECOND = 100;
  private static final Path SELF = Path.of("/proc/self/task");
  private static final int MAX_NAME_LENGTH = 15;

  private ThreadCpu() {}

  /**
   * Seconds of CPU per role so far, for the threads alive now; {@code streamThreadPrefix} starts the names of the
   * subject's Kafka Streams threads (its application id).
   */
  static Map<Role, Double> snapshot(String streamThreadPrefix) {
    return snapshot(SELF, streamThreadPrefix);
  }

  /** As {@link #snapshot(String)}, for the threads of the process whose task directory is {@code taskDir}. */
  static Map<Role, Double> snapshot(Path taskDir, String streamThreadPrefix) {
    Map<Role, Double> seconds = new EnumMap<>(Role.class);
    if (!Files.isDirectory(taskDir)) {
      return seconds;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        seconds.merge(roleOf(stat.substring(open + 1, close), streamThreadPrefix), cpuSeconds(stat), Double::sum);
      }
    } catch (IOException e) {
      return new EnumMap<>(Role.class);
    }
    return seconds;
  }

  /** CPU seconds so far of each live thread of the process whose task directory is {@code taskDir}, by name. */
  static Map<String, Double> byName(Path taskDir) {
    Map<String, Double> seconds = new java.util.TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          seconds.merge(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')), cpuSeconds(stat), Double::sum);
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return seconds;
  }

  /**
   * CPU seconds (user + system) in one {@code stat} file's line. For a process's {@code /proc/<pid>/stat} that is all
   * its threads, those that ended included; CPU time survives {@code exec}, so a launcher script's share counts too.
   */
  static double cpuSeconds(String stat) {
    // "tid (name) state ppid ...": the name may hold spaces and parentheses, so find the last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND; // utime + stime
  }

  /** CPU seconds so far of process {@code pid}, all threads; NaN when Linux's accounting cannot be read. */
  static double processSeconds(long pid) {
    try {
      return cpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** The CPU seconds spent between two snapshots, per role; threads that ended in between are not counted. */
  static Map<Role, Double> between(Map<Role, Double> before, Map<Role, Double> after) {
    Map<Role, Double> spent = new EnumMap<>(Role.class);
    after.forEach((role, seconds) -> spent.put(role, Math.max(0, seconds - before.getOrDefault(role, 0.0))));
    return spent;
  }

  static Role roleOf(String name, String streamThreadPrefix) {
    // Names are cut to 15 characters: a stream thread's is the application id's start.
    int compared = Math.min(streamThreadPrefix.length(), MAX_NAME_LENGTH);
    if (name.length() >= compared && name.startsWith(streamThreadPrefix.substring(0, compared))) {
      return Role.STREAM;
    }
    if (name.startsWith("kafka-producer-")) {
      return Role.PRODUCER_IO;
    }
    if (name.startsWith("data-plane-kafk")) { // the broker's request handlers and network threads
      return Role.BROKER;
    }
    if (name.contains("CompilerThre")) {
      return Role.JIT;
    }
    // G1's and Parallel's workers; the serial collector runs in the VM thread, which otherwise does little.
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
      return Role.GC;
    }
    return Role.OTHER;
  }
}
