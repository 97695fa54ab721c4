package dev.fanout.jobs.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command as the user typed it, with GNU parallel's placeholders: {@code {}} the input, {@code
 * {.}} without its extension, {@code {/}} its basename, {@code {//}} its directory, {@code {/.}}
 * basename without extension, {@code {#}} the job number, {@code {%}} the worker slot. Without any
 * placeholder the input is appended as the last argument, as {@code xargs} does.
 *
 * <p>Without {@code shell} every argument is one argv entry of the child, so an input is only ever
 * text. With {@code shell} the arguments are joined by spaces into a {@code /bin/sh -c} script and
 * every substituted input is single-quoted.
 *
 * <p>Immutable and thread-safe.
 */
public final class Template {
  private static final List<String> TOKENS =
      List.of("{}", "{.}", "{/}", "{//}", "{/.}", "{#}", "{%}");

  private final List<String> args;
  private final boolean shell;
  private final boolean hasPlaceholder;

  /**
   * @param args the command and its arguments, at least one
   * @param shell run through {@code /bin/sh -c} with the inputs quoted
   */
  public Template(List<String> args, boolean shell) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("a command is needed");
    }
    this.args = List.copyOf(args);
    this.shell = shell;
    this.hasPlaceholder = args.stream().anyMatch(Template::containsToken);
  }

  /** True with {@code --shell}. */
  public boolean shell() {
    return shell;
  }

  /** True when the command uses {@code {%}}, the worker slot. */
  public boolean usesSlot() {
    return args.stream().anyMatch(a -> a.contains("{%}"));
  }

  /**
   * The child's argv for {@code input} as job {@code seq}: each argument split into pieces at the
   * slot placeholder, so the worker that runs it joins them with its slot number.
   */
  public List<List<String>> argv(String input, long seq) {
    List<List<String>> out = new ArrayList<>();
    if (shell) {
      List<String> script = new ArrayList<>();
      script.add("");
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) {
          append(script, " ");
        }
        substitute(args.get(i), input, seq, true, script);
      }
      if (!hasPlaceholder) {
        append(script, " " + quote(input));
      }
      out.add(List.of("/bin/sh"));
      out.add(List.of("-c"));
      out.add(List.copyOf(script));
      return out;
    }
    for (String a : args) {
      List<String> pieces = new ArrayList<>();
      pieces.add("");
      substitute(a, input, seq, false, pieces);
      out.add(List.copyOf(pieces));
    }
    if (!hasPlaceholder) {
      out.add(List.of(input));
    }
    return out;
  }

  /**
   * The command line as a shell would read it (the joblog's Command column, {@code --dry-run}):
   * arguments quoted where needed, the script alone for {@code --shell}, the slot shown as {@code
   * {%}}.
   */
  public static String display(List<List<String>> argv) {
    if (argv.size() == 3
        && argv.get(0).equals(List.of("/bin/sh"))
        && argv.get(1).equals(List.of("-c"))) {
      return String.join("{%}", argv.get(2));
    }
    StringBuilder b = new StringBuilder();
    for (List<String> arg : argv) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      String a = String.join("{%}", arg);
      b.append(a.matches("[A-Za-z0-9_./:=@%+,{}#-]+") ? a : quote(a));
    }
    return b.toString();
  }

  /** {@code argv} with {@code slot} in place of {@code {%}}. */
  public static List<String> join(List<List<String>> argv, int slot) {
    String s = Integer.toString(slot);
    List<String> out = new ArrayList<>(argv.size());
    for (List<String> arg : argv) {
      out.add(arg.size() == 1 ? arg.get(0) : String.join(s, arg));
    }
    return out;
  }

  private static void substitute(
      String arg, String input, long seq, boolean quote, List<String> pieces) {
    int i = 0;
    while (i < arg.length()) {
      String token = tokenAt(arg, i);
      if (token == null) {
        append(pieces, String.valueOf(arg.charAt(i)));
        i++;
        continue;
      }
      i += token.length();
      switch (token) {
        case "{%}" -> pieces.add("");
        case "{#}" -> append(pieces, Long.toString(seq));
        default -> {
          String value = expand(token, input);
          append(pieces, quote ? quote(value) : value);
        }
      }
    }
  }

  private static String tokenAt(String arg, int i) {
    if (arg.charAt(i) != '{') {
      return null;
    }
    for (String t : TOKENS) {
      if (arg.startsWith(t, i)) {
        return t;
      }
    }
    return null;
  }

  private static boolean containsToken(String arg) {
    for (int i = 0; i < arg.length(); i++) {
      if (tokenAt(arg, i) != null) {
        return true;
      }
    }
    return false;
  }

  private static void append(List<String> pieces, String text) {
    int last = pieces.size() - 1;
    pieces.set(last, pieces.get(last) + text);
  }

  /** The value of a path placeholder, as GNU parallel computes it. */
  static String expand(String token, String input) {
    return switch (token) {
      case "{}" -> input;
      case "{.}" -> withoutExtension(input);
      case "{/}" -> basename(input);
      case "{//}" -> dirname(input);
      case "{/.}" -> withoutExtension(basename(input));
      default -> throw new IllegalArgumentException("not a path placeholder: " + token);
    };
  }

  static String basename(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  static String dirname(String path) {
    int slash = path.lastIndexOf('/');
    if (slash < 0) {
      return ".";
    }
    return slash == 0 ? "/" : path.substring(0, slash);
  }

  /**
   * Drops {@code .ext} from the last path component only ({@code a.b/c} stays as it is), as GNU
   * parallel's {@code s:\.[^/.]+$::} does: {@code .bashrc} becomes empty there too.
   */
  static String withoutExtension(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    if (dot <= slash || dot == path.length() - 1) {
      return path; // no extension, or a trailing dot
    }
    return path.substring(0, dot);
  }

  /** {@code text} as one shell word: single quotes, each {@code '} written as {@code '\''}. */
  public static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Template t && t.args.equals(args) && t.shell == shell;
  }

  @Override
  public int hashCode() {
    return Objects.hash(args, shell);
  }
}
