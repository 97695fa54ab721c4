package dev.fanout.jobs.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code .netrc} file as curl reads it: {@code machine HOST login USER password PASS} entries,
 * one {@code default} entry, {@code macdef} blocks skipped; tokens separated by any white space.
 *
 * <p>Stateless and thread-safe.
 */
public final class Netrc {
  private Netrc() {}

  /**
   * The credentials in {@code text}, {@code user:password} by lower-case host name; the {@code
   * default} entry under {@code ""}. The first entry for a host wins, as in curl.
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> out = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    StringBuilder tokens = new StringBuilder();
    boolean inMacro = false;
    for (String line : lines) {
      if (inMacro) {
        inMacro = !line.isBlank(); // a macro ends at an empty line
        continue;
      }
      String l = line.strip();
      if (l.startsWith("#")) {
        continue;
      }
      if (l.startsWith("macdef")) {
        inMacro = true;
        continue;
      }
      tokens.append(l).append(' ');
    }
    String[] t = tokens.toString().trim().split("\\s+");
    String host = null;
    String login = null;
    String password = null;
    for (int i = 0; i < t.length; i++) {
      switch (t[i]) {
        case "machine", "default" -> {
          put(out, host, login, password);
          host = t[i].equals("default") ? "" : i + 1 < t.length ? t[++i] : null;
          login = null;
          password = null;
        }
        case "login" -> login = i + 1 < t.length ? t[++i] : null;
        case "password" -> password = i + 1 < t.length ? t[++i] : null;
        case "account" -> i++;
        default -> {}
      }
    }
    put(out, host, login, password);
    return out;
  }

  private static void put(Map<String, String> out, String host, String login, String password) {
    if (host != null && login != null) {
      out.putIfAbsent(
          host.toLowerCase(Locale.ROOT), login + ":" + (password == null ? "" : password));
    }
  }
}
