package dev.fanout.jobs.fetch;

import dev.fanout.Model;
import java.util.Locale;

/**
 * What a fetch run did, and its one summary line.
 *
 * <p>Immutable.
 *
 * @param ok URLs fetched
 * @param failed URLs that failed
 * @param cancelled URLs started but stopped by an interrupt (Ctrl-C, SIGTERM)
 * @param skipped URLs skipped: done before ({@code --resume}) or repeated in the list
 * @param bytes body bytes received
 * @param nanos wall time of the run
 * @param model the model it ran on
 * @param interrupted whether the run was cancelled
 */
public record Summary(
    long ok,
    long failed,
    long cancelled,
    long skipped,
    long bytes,
    long nanos,
    Model model,
    boolean interrupted) {

  /** URLs attempted. */
  public long total() {
    return ok + failed + cancelled;
  }

  /**
   * {@code fetched <ok>/<total> ok, <failed> failed, <bytes> bytes in <seconds> s (<urls/s>
   * URLs/s), model=<m>}, plus what was cancelled or skipped.
   */
  public String line() {
    double seconds = nanos / 1e9;
    double rate = seconds > 0 ? total() / seconds : 0;
    String s =
        String.format(
            Locale.ROOT,
            "fetched %d/%d ok, %d failed, %d bytes in %.3f s (%.1f URLs/s), model=%s",
            ok,
            total(),
            failed,
            bytes,
            seconds,
            rate,
            model.label());
    if (cancelled > 0 || interrupted) {
      s += ", " + cancelled + " cancelled";
    }
    if (skipped > 0) {
      s += ", " + skipped + " skipped (done before with --resume, or repeated)";
    }
    return s;
  }

  /** {@code 12.3 MB}: bytes for people. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
