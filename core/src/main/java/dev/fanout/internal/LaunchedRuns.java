package dev.fanout.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The attempts a dispatcher has launched and not yet seen end. A run keeps the index of its slot,
 * so adding and removing are one store each, not a concurrent hash map's node, hashing and
 * contended counters: this is paid twice per task, and the per-task overhead shows it.
 *
 * <p>Thread-safety: only the dispatcher's thread adds and removes; any thread may take a {@link
 * #snapshot} (to cancel what runs). An add is a volatile write, so a thread that sets a flag and
 * then takes a snapshot either sees a run, or the adder, reading the flag after its add, sees the
 * flag (the dispatcher's launch relies on this to never miss a cancellation).
 */
final class LaunchedRuns {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(DispatchedRun[].class);

  private volatile DispatchedRun[] slots = new DispatchedRun[8];
  private int[] free = new int[8]; // released slot indices, reused first
  private int freeCount;
  private int used; // slots handed out so far: the high-water mark
  private int size;

  /** Adds a run that is in no set. */
  void add(DispatchedRun run) {
    int i;
    if (freeCount > 0) {
      i = free[--freeCount];
    } else {
      if (used == slots.length) {
        grow();
      }
      i = used++;
    }
    run.slot = i;
    SLOT.setVolatile(slots, i, run);
    size++;
  }

  /** Removes {@code run}; false when it was not here. */
  boolean remove(DispatchedRun run) {
    int i = run.slot;
    if (i < 0) {
      return false;
    }
    run.slot = -1;
    // a reader may still see the run for a moment: cancelling an ended attempt is harmless
    SLOT.setRelease(slots, i, (DispatchedRun) null);
    free[freeCount++] = i;
    size--;
    return true;
  }

  boolean contains(DispatchedRun run) {
    return run.slot >= 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The runs here now, from any thread. */
  DispatchedRun[] snapshot() {
    DispatchedRun[] s = slots;
    DispatchedRun[] out = new DispatchedRun[s.length];
    int n = 0;
    for (int i = 0; i < s.length; i++) {
      DispatchedRun run = (DispatchedRun) SLOT.getVolatile(s, i);
      if (run != null) {
        out[n++] = run;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private void grow() {
    // the window bounds how many runs are launched at once, so this stops early
    slots = Arrays.copyOf(slots, slots.length * 2);
    free = Arrays.copyOf(free, free.length * 2);
  }
}
