package io.driftwatch.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What went wrong with a file, in words: Java's own messages for these are often just the path. */
final class Problems {

  private Problems() {}

  /** E.g. {@code no such directory: /nonexistent}, {@code permission denied}, {@code Is a directory}. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException missing && missing.getFile() != null) {
      Path parent = Path.of(missing.getFile()).toAbsolutePath().getParent();
      return parent != null && !Files.isDirectory(parent) ? "no such directory: " + parent : "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
