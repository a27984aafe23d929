package io.driftwatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * README.md as the README checks read it: its fenced code blocks, and the {@code ./driftwatch} command lines in them,
 * split into words as a POSIX shell would (single and double quotes, backslash escapes, {@code #} comments).
 */
final class Readme {

  static final Path FILE = Path.of("README.md");

  /** A fenced block: its language tag ({@code bash}, {@code text}, ...) and its lines, {@code first} 0-based. */
  record Block(String language, int first, List<String> lines) {}

  /**
   * One shell command line.
   *
   * @param line the 1-based README line, for messages
   * @param text the line as written, without a leading {@code $ } prompt
   * @param environment leading {@code NAME=value} words
   * @param program the first word after them, e.g. {@code ./driftwatch}
   * @param args the words after the program
   * @param comment the text after an unquoted {@code #}, or ""
   * @param operators unquoted shell operators ({@code |}, {@code >}, {@code &&}, ...) found in the line
   */
  record Command(int line, String text, List<String> environment, String program, List<String> args, String comment,
      List<String> operators) {

    boolean isDriftwatch() {
      return "./driftwatch".equals(program);
    }

    /** The subcommand, e.g. {@code predict}; "" for {@code ./driftwatch --help}. */
    String subcommand() {
      return args.isEmpty() || args.get(0).startsWith("-") ? "" : args.get(0);
    }
  }

  private Readme() {}

  static List<String> lines() {
    return lines(FILE);
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Block> blocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("```")) {
        String language = lines.get(i).substring(3).trim();
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).startsWith("```")) {
          end++;
        }
        blocks.add(new Block(language, i + 1, List.copyOf(lines.subList(i + 1, end))));
        i = end;
      }
    }
    return blocks;
  }

  private static final Pattern INLINE_COMMAND = Pattern.compile("`(\\./driftwatch[^`]*)`");
  private static final Pattern INLINE_SUBCOMMAND = Pattern.compile("`([a-z]+ --[^`]*)`");

  /**
   * The commands written in inline code spans of the prose: {@code `./driftwatch demo --no-simulator`}, and
   * {@code `retrain --json`} when its first word is one of {@code subcommands}.
   */
  static List<Command> inlineCommands(List<String> lines, java.util.Set<String> subcommands) {
    List<Command> commands = new ArrayList<>();
    boolean inBlock = false;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("```")) {
        inBlock = !inBlock;
        continue;
      }
      if (!inBlock) {
        Matcher m = INLINE_COMMAND.matcher(lines.get(i));
        while (m.find()) {
          commands.add(parse(i + 1, m.group(1)));
        }
        Matcher sub = INLINE_SUBCOMMAND.matcher(lines.get(i));
        while (sub.find()) {
          if (subcommands.contains(sub.group(1).substring(0, sub.group(1).indexOf(' ')))) {
            commands.add(parse(i + 1, "./driftwatch " + sub.group(1)));
          }
        }
      }
    }
    return commands;
  }

  /** Splits one command line into words; {@code text} has no prompt. */
  static Command parse(int line, String text) {
    List<String> words = new ArrayList<>();
    List<String> operators = new ArrayList<>();
    StringBuilder word = null;
    String comment = "";
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'') {
        int close = text.indexOf('\'', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("README line " + line + ": unclosed ' in " + text);
        }
        word = word == null ? new StringBuilder() : word;
        word.append(text, i + 1, close);
        i = close + 1;
      } else if (c == '"') {
        word = word == null ? new StringBuilder() : word;
        i++;
        while (i < text.length() && text.charAt(i) != '"') {
          if (text.charAt(i) == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
            i++;
          }
          word.append(text.charAt(i++));
        }
        if (i >= text.length()) {
          throw new IllegalArgumentException("README line " + line + ": unclosed \" in " + text);
        }
        i++;
      } else if (c == '\\' && i + 1 < text.length()) {
        word = word == null ? new StringBuilder() : word;
        word.append(text.charAt(i + 1));
        i += 2;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        i++;
      } else if (c == '#' && word == null) {
        comment = text.substring(i + 1).trim();
        break;
      } else if ("|&;<>".indexOf(c) >= 0) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        int end = i + 1;
        while (end < text.length() && "|&;<>".indexOf(text.charAt(end)) >= 0) {
          end++;
        }
        operators.add(text.substring(i, end));
        words.add(text.substring(i, end));
        i = end;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
        i++;
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    int w = 0;
    while (w < words.size() && words.get(w).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
      w++;
    }
    String program = w < words.size() ? words.get(w) : "";
    List<String> args = w < words.size() ? words.subList(w + 1, words.size()) : List.of();
    return new Command(line, text, List.copyOf(words.subList(0, w)), program, List.copyOf(args), comment,
        List.copyOf(operators));
  }
}
