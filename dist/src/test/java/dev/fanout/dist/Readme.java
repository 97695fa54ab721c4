package dev.fanout.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's fenced blocks, read as {@code ReadmeIT} runs them: {@code console} blocks are
 * sessions of {@code $ } commands, each followed by its expected output; a block preceded by {@code
 * <!-- readme-test: skip: REASON -->} is not run. Immutable.
 */
record Readme(List<Block> blocks, List<String> problems) {
  private static final Pattern FENCE = Pattern.compile("^```\\s*([A-Za-z0-9_+-]*)\\s*$");
  private static final Pattern SKIP = Pattern.compile("^<!-- readme-test: skip: (.+?) -->$");
  private static final List<String> SHELL_INFO = List.of("", "sh", "bash", "shell", "console");

  /** One {@code $ } command of a block and the output lines shown under it. */
  record Command(int line, String text, List<String> expected) {}

  /** A fenced block: its first line, its info string, its commands, and why it is skipped. */
  record Block(int line, String info, List<Command> commands, String skipReason) {
    boolean runs() {
      return skipReason == null && info.equals("console");
    }
  }

  static Readme parse(String text) {
    List<String> lines = text.lines().toList();
    List<Block> blocks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String previous = "";
    for (int i = 0; i < lines.size(); i++) {
      Matcher fence = FENCE.matcher(lines.get(i));
      if (!fence.matches()) {
        if (!lines.get(i).isBlank()) {
          previous = lines.get(i).trim();
        }
        continue;
      }
      int start = i + 1;
      String info = fence.group(1);
      List<String> body = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
        body.add(lines.get(i));
      }
      Matcher skip = SKIP.matcher(previous);
      String reason = skip.matches() ? skip.group(1).trim() : null;
      Block block = new Block(start, info, commands(start, body), reason);
      blocks.add(block);
      if (reason == null && SHELL_INFO.contains(info) && !info.equals("console")) {
        problems.add(
            "README.md:"
                + start
                + ": a shell block must be marked ```console (and be run) or be preceded by"
                + " <!-- readme-test: skip: REASON -->; data goes in ```text");
      }
      if (block.runs() && block.commands().isEmpty()) {
        problems.add("README.md:" + start + ": a console block without a '$ ' command");
      }
      previous = "";
    }
    return new Readme(List.copyOf(blocks), List.copyOf(problems));
  }

  private static List<Command> commands(int start, List<String> body) {
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      String line = body.get(i);
      if (!line.startsWith("$ ")) {
        continue;
      }
      int at = start + i + 1;
      StringBuilder text = new StringBuilder(line.substring(2));
      while (text.toString().endsWith("\\") && i + 1 < body.size()) {
        text.setLength(text.length() - 1);
        text.append(
            body.get(++i).trim().startsWith("> ") ? body.get(i).trim().substring(2) : body.get(i));
      }
      List<String> expected = new ArrayList<>();
      while (i + 1 < body.size() && !body.get(i + 1).startsWith("$ ")) {
        expected.add(body.get(++i));
      }
      commands.add(new Command(at, text.toString().trim(), List.copyOf(expected)));
    }
    return commands;
  }
}
