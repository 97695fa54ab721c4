package dev.fanout.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.fanout.Configured;
import dev.fanout.OutputFile;
import dev.fanout.spi.Events;
import dev.fanout.spi.LocalFile;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The caller's side of the files members stream back (see {@link RemoteFile}): one thread takes the
 * run's queue, writes each file next to its target and renames it into place on COMMIT, then tells
 * the member whether it was stored. It accepts only a file directly inside a directory that the
 * settings of one of the run's tasks name, under a plain name: a member cannot write anywhere else
 * on the caller's machine.
 *
 * <p>Thread-safe: {@link #allow} and {@link #close} may be called from any thread; the files are
 * confined to the reader thread.
 */
final class FileReceiver {
  private static final int MAX_DEPTH = 4;

  private final HazelcastInstance hz;
  private final IQueue<byte[]> queue;
  private final IExecutorService control;
  private final String runId;
  private final Events events;
  private final Seal seal; // null: files from any member are accepted
  private boolean warnedUnsealed;
  private final Set<Path> allowed = ConcurrentHashMap.newKeySet();
  private final Map<String, Incoming> open = new HashMap<>(); // reader thread only
  private final Map<String, String> unsealedMembers = new HashMap<>(); // reader thread only
  private final Thread reader;
  private volatile boolean closed;

  /** A file being received. */
  private static final class Incoming {
    final String member;
    final Path target;
    LocalFile file;
    String error; // set: refused or failed; its bytes are dropped

    Incoming(String member, Path target) {
      this.member = member;
      this.target = target;
    }
  }

  FileReceiver(
      HazelcastInstance hz, IExecutorService control, String runId, Events events, Seal seal) {
    this.hz = hz;
    this.seal = seal;
    this.queue = hz.getQueue(HazelcastSetup.FILES + runId);
    this.control = control;
    this.runId = runId;
    this.events = events;
    this.reader = Thread.ofPlatform().daemon().name("fanout-cluster-files").start(this::readLoop);
  }

  /** Lets members write into the directories {@code task}'s settings name. */
  void allow(Object task) {
    if (task instanceof Configured<?> configured) {
      collect(configured.settings(), 0);
    }
  }

  private void collect(Object value, int depth) {
    if (value == null || depth > MAX_DEPTH) {
      return;
    }
    if (value instanceof Path p) {
      allowed.add(p.toAbsolutePath().normalize());
    } else if (value instanceof Collection<?> c) {
      c.forEach(v -> collect(v, depth + 1));
    } else if (value instanceof Record r) {
      for (RecordComponent rc : r.getClass().getRecordComponents()) {
        try {
          var accessor = rc.getAccessor();
          accessor.setAccessible(true);
          collect(accessor.invoke(r), depth + 1);
        } catch (ReflectiveOperationException | RuntimeException e) {
          // a component we cannot read names no directory
        }
      }
    }
  }

  private void readLoop() {
    while (!closed) {
      byte[] message;
      try {
        message = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!closed && hz.getLifecycleService().isRunning()) {
          events.warn("stopped receiving files from the members: " + e);
        }
        return;
      }
      if (message != null) {
        try {
          handle(FileMessages.read(message, seal, runId));
        } catch (IOException e) {
          events.warn("a malformed file message from a member: " + e.getMessage());
        }
      }
    }
  }

  private void handle(FileMessages.Message m) {
    if (!m.authentic()) {
      refuseUnsealed(m);
      return;
    }
    switch (m.kind()) {
      case FileMessages.OPEN -> opened(m);
      case FileMessages.DATA -> {
        Incoming in = open.get(m.file());
        if (in != null && in.error == null) {
          try {
            in.file.write(ByteBuffer.wrap(m.data()));
          } catch (IOException e) {
            in.error = "cannot write " + in.target + " on the caller: " + e.getMessage();
            in.file.close();
          }
        }
      }
      case FileMessages.COMMIT -> {
        Incoming in = open.remove(m.file());
        if (in == null) {
          return;
        }
        if (in.error == null) {
          try {
            in.file.commit();
          } catch (IOException e) {
            in.error = "cannot store " + in.target + " on the caller: " + e.getMessage();
            in.file.close();
          }
        }
        answer(in.member, m.file(), in.error);
      }
      default -> { // ABORT
        Incoming in = open.remove(m.file());
        if (in != null && in.file != null) {
          in.file.close();
        }
      }
    }
  }

  /**
   * A member without this caller's secret sends a file: store nothing, and fail its task at once
   * (answering is harmless: it only fails the member's waiting task) instead of letting it wait.
   */
  private void refuseUnsealed(FileMessages.Message m) {
    if (!warnedUnsealed) {
      warnedUnsealed = true;
      events.warn(
          "refused files from a member that does not use this client's cluster secret; start"
              + " every member with the same --secret-file");
    }
    if (m.kind() == FileMessages.OPEN) {
      unsealedMembers.put(m.file(), m.member());
    } else if (m.kind() == FileMessages.COMMIT) {
      String member = unsealedMembers.remove(m.file());
      if (member != null) {
        answer(
            member,
            m.file(),
            "the caller refused the file: it is not authenticated with the caller's cluster"
                + " secret (start every member with the same --secret-file)");
      }
    } else if (m.kind() == FileMessages.ABORT) {
      unsealedMembers.remove(m.file());
    }
  }

  private void opened(FileMessages.Message m) {
    Path target;
    try {
      target = Path.of(m.target());
    } catch (RuntimeException e) {
      open.put(m.file(), refused(m, null, "refusing a file name the caller cannot use"));
      return;
    }
    Path normal = target.normalize();
    String problem = null;
    if (!target.isAbsolute() || !normal.equals(target) || normal.getParent() == null) {
      problem = "refusing to write " + target + ": not a plain absolute path";
    } else if (!allowed.contains(normal.getParent())) {
      problem =
          "refusing to write "
              + target
              + ": members may write only into a directory the task's settings name";
    } else if (normal.getFileName().toString().startsWith(OutputFile.TEMP_PREFIX)) {
      problem = "refusing to write " + target + ": a temporary file's name";
    }
    if (problem != null) {
      open.put(m.file(), refused(m, normal, problem));
      return;
    }
    Incoming in = new Incoming(m.member(), normal);
    try {
      in.file = LocalFile.create(normal);
    } catch (IOException e) {
      in.error = "cannot create " + normal + " on the caller: " + e;
    }
    open.put(m.file(), in);
  }

  private static Incoming refused(FileMessages.Message m, Path target, String why) {
    Incoming in = new Incoming(m.member(), target);
    in.error = why;
    return in;
  }

  private void answer(String memberUuid, String file, String error) {
    for (Member member : hz.getCluster().getMembers()) {
      if (member.getUuid().toString().equals(memberUuid)) {
        try {
          control.submitToMember(new FileDone(runId, file, error, seal), member);
        } catch (RuntimeException e) {
          // the member left: its task is lost and retried elsewhere
        }
        return;
      }
    }
  }

  /** Stops reading, discards unfinished files and drops the queue. */
  void close() {
    closed = true;
    try {
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!reader.isAlive()) {
      open.values()
          .forEach(
              in -> {
                if (in.file != null) {
                  in.file.close();
                }
              });
      open.clear();
    }
    try {
      queue.destroy();
    } catch (RuntimeException e) {
      // the cluster is gone, and the queue with it
    }
  }
}
