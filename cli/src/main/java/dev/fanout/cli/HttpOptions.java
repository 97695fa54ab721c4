package dev.fanout.cli;

import dev.fanout.jobs.http.HttpLimits;
import dev.fanout.jobs.http.HttpSettings;
import dev.fanout.jobs.http.Netrc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The curl-like HTTP options of {@code fetch}: TLS trust, headers, credentials, proxies,
 * compression and protocol. They become one {@link HttpSettings}, which every model uses; files are
 * read here, so worker JVMs and members get their content with the task.
 */
final class HttpOptions {
  @Option(
      names = "--cacert",
      paramLabel = "FILE",
      description = "Also trust the CA certificates in FILE (PEM), as curl does.")
  Path caCert;

  @Option(
      names = {"-k", "--insecure"},
      description = "Do not check TLS certificates or host names at all (unsafe; warns once).")
  boolean insecure;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'NAME: VALUE'",
      description =
          "Send this header with every request (repeatable); 'NAME:' alone drops a header"
              + " fanout would send.")
  List<String> headers = new ArrayList<>();

  @Option(
      names = {"-A", "--user-agent"},
      paramLabel = "TEXT",
      description = "The User-Agent header (default: " + "fanout/VERSION" + ").")
  String userAgent;

  @Option(
      names = {"-u", "--user"},
      paramLabel = "USER:PASSWORD",
      description =
          "Basic credentials for the URLs' hosts (never sent to a host a redirect leads to).")
  String user;

  @Option(names = "--netrc", description = "Take credentials for each host from ~/.netrc.")
  boolean netrc;

  @Option(
      names = "--netrc-file",
      paramLabel = "FILE",
      description = "Take credentials for each host from FILE (netrc format).")
  Path netrcFile;

  @Option(
      names = {"-x", "--proxy"},
      paramLabel = "URL",
      description =
          "Use this HTTP proxy for every URL (http://[user:password@]host[:port]); without it,"
              + " http_proxy, https_proxy and no_proxy are honoured as curl does.")
  String proxy;

  @Option(
      names = "--noproxy",
      paramLabel = "HOSTS",
      description =
          "Comma-separated hosts (and their subdomains) reached without proxy; * for all.")
  String noProxy;

  @Option(
      names = "--compressed",
      description =
          "Ask for gzip, deflate or brotli and store the decoded body (--max-size counts it).")
  boolean compressed;

  @Option(names = "--http1.1", description = "Use HTTP/1.1 only (no HTTP/2 negotiation).")
  boolean http11;

  /** The settings of a run with these limits; {@code env} is the process environment. */
  HttpSettings settings(HttpLimits limits, Map<String, String> env) {
    if (user != null && user.indexOf(':') < 0) {
      throw new UsageException(
          "-u " + user + ": give user:password (fanout does not prompt for the password)");
    }
    String httpProxy = proxy;
    String httpsProxy = proxy;
    String bypass = noProxy != null ? noProxy : first(env, "no_proxy", "NO_PROXY");
    try {
      if (proxy == null) { // curl reads http_proxy in lower case only: HTTP_PROXY may come from CGI
        String all = first(env, "all_proxy", "ALL_PROXY");
        httpProxy = orElse(env.get("http_proxy"), all);
        httpsProxy = orElse(first(env, "https_proxy", "HTTPS_PROXY"), all);
        String fix = ", or unset the variable, or give -x/--proxy";
        HttpSettings.checkProxy("http_proxy (or all_proxy)", httpProxy, fix);
        HttpSettings.checkProxy("https_proxy (or all_proxy)", httpsProxy, fix);
      } else {
        HttpSettings.checkProxy("-x/--proxy", proxy, "");
      }
      HttpSettings d = HttpSettings.of(limits);
      return new HttpSettings(
          d.connectTimeoutMs(),
          d.timeoutMs(),
          d.maxRedirects(),
          d.maxSize(),
          headers,
          userAgent == null ? HttpSettings.DEFAULT_USER_AGENT : userAgent,
          user,
          netrcFile != null
              ? Netrc.parse(read(netrcFile, "--netrc-file"))
              : netrc ? netrcOfHome(env) : Map.of(),
          caCert == null ? null : checkedPem(read(caCert, "--cacert")),
          insecure,
          blankToNull(httpProxy),
          blankToNull(httpsProxy),
          bypass,
          compressed,
          http11);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  private static Map<String, String> netrcOfHome(Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    Path file = Path.of(home, ".netrc");
    if (!Files.isReadable(file)) {
      throw new UsageException("--netrc: cannot read " + file + " (or give --netrc-file FILE)");
    }
    return Netrc.parse(read(file, "--netrc"));
  }

  private static String checkedPem(String pem) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new UsageException(
          "--cacert: no '-----BEGIN CERTIFICATE-----' in the file: give the CA's certificate in"
              + " PEM form");
    }
    return pem;
  }

  private static String read(Path file, String option) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UsageException(option + ": cannot read " + file + " (" + e + ")", e);
    }
  }

  private static String first(Map<String, String> env, String a, String b) {
    return orElse(env.get(a), env.get(b));
  }

  private static String orElse(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
