package dev.fanout.internal.auto;

/** How auto classifies a batch from its sampled tasks' CPU share. */
public enum WorkKind {
  /** The CPU mostly waits (downloads, remote calls): overlap the waits. */
  IO_BOUND("I/O-bound"),
  /** The CPU is the limit: one worker per core. */
  CPU_BOUND("CPU-bound"),
  /** Both: size a pool so the cores stay busy while some tasks wait. */
  MIXED("mixed");

  private final String label;

  WorkKind(String label) {
    this.label = label;
  }

  /** How reports name it. */
  public String label() {
    return label;
  }
}
