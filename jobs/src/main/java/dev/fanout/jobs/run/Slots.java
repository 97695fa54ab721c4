package dev.fanout.jobs.run;

import java.util.BitSet;

/**
 * The job slots of this JVM, GNU parallel's {@code {%}}: a job takes the lowest free slot from 1
 * and gives it back when it ends, so slots run from 1 to the jobs running at once. On {@code
 * processes} and {@code cluster} each worker JVM or member numbers its own slots.
 *
 * <p>Thread-safe.
 */
final class Slots {
  private static final BitSet TAKEN = new BitSet();

  private Slots() {}

  static synchronized int take() {
    int slot = TAKEN.nextClearBit(1);
    TAKEN.set(slot);
    return slot;
  }

  static synchronized void give(int slot) {
    TAKEN.clear(slot);
  }
}
