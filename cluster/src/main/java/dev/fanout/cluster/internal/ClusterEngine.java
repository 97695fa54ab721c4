package dev.fanout.cluster.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.fanout.Model;
import dev.fanout.Options;
import dev.fanout.WorkerLostException;
import dev.fanout.spi.Codecs;
import dev.fanout.spi.Engine;
import dev.fanout.spi.Events;
import dev.fanout.spi.Recipe;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.TaskRun;
import dev.fanout.spi.Work;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code cluster}: attempts run on Hazelcast members, {@code workers} at a time on each member, in
 * chunks of inputs (one executor task per chunk; a second chunk per slot waits on the member so
 * that no round trip leaves it idle). With an explicit {@code -c C}, C attempts are in flight
 * across the members instead: each member runs its share ({@code C / members}) at once, a virtual
 * thread per task ({@code threadsPerWorker} platform threads if given), and is sent up to twice its
 * share in chunks of an eighth of it. With no member addresses it starts an embedded one-member
 * cluster in this JVM; otherwise it connects as a client. A member that leaves fails its chunks'
 * attempts with {@link WorkerLostException}, which the dispatcher retries elsewhere.
 *
 * <p>Thread-safe: the dispatcher launches and flushes from its thread, Hazelcast completes chunks
 * and reports membership from its own; all scheduling state is guarded by {@code lock}.
 */
final class ClusterEngine implements Engine {
  private static final int MAX_CHUNK = 256;

  /** A chunk should keep a member busy about this long: long enough to hide a round trip. */
  private static final long CHUNK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** Chunks sent per running slot: one runs while the next waits on the member (no idle gap). */
  private static final int DEPTH = 2;

  /** With an explicit {@code -c}: a member's share goes out in about this many chunks. */
  private static final int CHUNKS_PER_SHARE = 8;

  private static final long SAME_CLOCK_NANOS = TimeUnit.SECONDS.toNanos(5);

  private static final long SUSPECT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Options options;
  private final Events events;
  private final HazelcastInstance hz;
  private final boolean embedded;
  private final IExecutorService executor;
  // -c given: members run their share at once (MemberRun.VIRTUAL or PLATFORM); else ONE_BY_ONE
  private final int mode;
  private final IExecutorService control;
  private final FileReceiver files;
  private final Seal seal; // null without a cluster secret
  private final String runId = UUID.randomUUID().toString();
  private final String owner;
  private final Recipe resource; // null for none
  private volatile Recipes lastTask; // the recipe of the task launched last: one per batch

  private record Recipes(Object task, Recipe recipe) {}

  private final Object lock = new Object();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final Map<UUID, Seat> seats = new HashMap<>();
  private final Set<Batch> inFlight = new HashSet<>();
  private double meanTaskNanos = -1; // running mean of one task's time on a member; -1 unknown
  private boolean closed;

  private record Pending(TaskRun run, byte[] input) {}

  /** A live member and how many of this run's chunks it holds. */
  private static final class Seat {
    final Member member;
    final String workerId;
    int busy;
    int tasks; // inputs of this run sent there and not answered yet
    long sent; // chunks sent so far: ties go to the member that had fewer
    long suspectUntil; // System.nanoTime() before which no chunk goes there
    boolean warned;

    Seat(Member member) {
      this.member = member;
      this.workerId = MemberRuns.workerId(member.getAddress());
    }
  }

  /** One chunk in flight; {@code done} makes sure its attempts are finished exactly once. */
  private static final class Batch {
    final Seat seat;
    final List<Pending> items;
    final int atOnce; // tasks of the run the member runs at once, as the engine asked
    final AtomicBoolean done = new AtomicBoolean();
    volatile Future<byte[]> future;
    volatile boolean cancelled;

    Batch(Seat seat, List<Pending> items, int atOnce) {
      this.seat = seat;
      this.items = items;
      this.atOnce = atOnce;
    }
  }

  private ClusterEngine(
      Options options, Events events, HazelcastInstance hz, boolean embedded, byte[] secret) {
    this.options = options;
    this.events = events;
    this.hz = hz;
    this.embedded = embedded;
    this.mode =
        !options.concurrencyGiven()
            ? MemberRun.ONE_BY_ONE
            : options.threadsPerWorker() > 1 ? MemberRun.PLATFORM : MemberRun.VIRTUAL;
    this.executor =
        hz.getExecutorService(
            mode == MemberRun.ONE_BY_ONE ? HazelcastSetup.EXECUTOR : HazelcastSetup.IN_FLIGHT);
    this.control = hz.getExecutorService(HazelcastSetup.CONTROL);
    this.seal = secret == null ? null : new Seal(secret);
    this.files = new FileReceiver(hz, control, runId, events, seal);
    this.owner = embedded ? "" : hz.getLocalEndpoint().getUuid().toString();
    this.resource =
        options.resource() == null
            ? null
            : Recipe.of(options.resource(), "resource", Model.CLUSTER.label());
    hz.getCluster().addMembershipListener(new Membership());
    int members = hz.getCluster().getMembers().size();
    if (mode == MemberRun.PLATFORM
        && (long) members * options.threadsPerWorker() < options.concurrency()) {
      events.warn(
          "--concurrency "
              + options.concurrency()
              + " is capped at "
              + (long) members * options.threadsPerWorker()
              + " in flight by --threads-per-worker "
              + options.threadsPerWorker()
              + " platform threads on each of "
              + members
              + " members; leave --threads-per-worker out to run each member's share on virtual"
              + " threads");
    }
    hz.getLifecycleService()
        .addLifecycleListener(
            e -> {
              if (e.getState() == LifecycleState.SHUTDOWN
                  || e.getState() == LifecycleState.CLIENT_DISCONNECTED) {
                pump();
              }
            });
  }

  /** Starts the embedded member, or connects to the given ones. */
  static ClusterEngine open(Options options, Events events) {
    if (options.resource() != null) {
      Recipe.of(options.resource(), "resource", Model.CLUSTER.label()); // fails before joining
    }
    byte[] secret =
        options.clusterSecret() != null
            ? options.clusterSecret()
            : dev.fanout.cluster.ClusterSecret.resolve(null); // FANOUT_CLUSTER_SECRET or none
    if (options.members().isEmpty()) {
      // a name of its own: the embedded member must never merge with anyone's cluster
      String name = "fanout-embedded-" + UUID.randomUUID();
      com.hazelcast.config.Config config =
          HazelcastSetup.member(name, "127.0.0.1", 0, List.of(), options.workers());
      if (secret != null) {
        config.getUserContext().put(HazelcastSetup.SECRET_KEY, secret);
      }
      HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
      return new ClusterEngine(options, events, member, true, secret);
    }
    HazelcastInstance client;
    try {
      client =
          HazelcastClient.newHazelcastClient(
              HazelcastSetup.client(options.clusterName(), options.members()));
    } catch (IllegalStateException e) {
      // a setting that does not work (Fanout.Builder#build's contract): exit 2 on the CLI
      throw new IllegalArgumentException(
          "cannot join cluster '"
              + options.clusterName()
              + "' at "
              + String.join(",", options.members())
              + " within "
              + HazelcastSetup.connectTimeoutMillis()
              + " ms: check that members run"
              + " there (./fanout member --port PORT) and that --cluster-name matches theirs",
          e);
    }
    return new ClusterEngine(options, events, client, false, secret);
  }

  @Override
  public void check(Work work) {
    recipe(work.task());
  }

  /** The task's recipe, encoded once per task object (its settings do not change). */
  private Recipe recipe(Object task) {
    Recipes last = lastTask;
    if (last != null && last.task() == task) {
      return last.recipe();
    }
    Recipe made = Recipe.of(task, "task", Model.CLUSTER.label());
    files.allow(task); // the directories its settings name may receive its files
    lastTask = new Recipes(task, made);
    return made;
  }

  @Override
  public int window() {
    // -c given: the members' semaphores bound what runs; up to twice -c is sent so that a chunk
    // waiting for its last reply never leaves a member short of its share
    return mode == MemberRun.ONE_BY_ONE
        ? options.concurrency()
        : (int) Math.min((long) depth() * options.concurrency(), 1 << 20);
  }

  @Override
  public void launch(TaskRun run) {
    byte[] input;
    try {
      input = Codecs.encode(run.input());
    } catch (RuntimeException e) {
      run.finish(
          "-",
          options.clock().nanoTime(),
          0,
          0,
          null,
          new IllegalArgumentException(
              "input " + run.index() + " cannot be sent to a member: " + e.getMessage(), e));
      return;
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the fanout is closed");
      }
      pending.add(new Pending(run, input));
    }
  }

  @Override
  public void flush() {
    pump();
  }

  /** Hands pending attempts, in chunks, to the members with free slots. */
  private void pump() {
    List<Batch> send = new ArrayList<>();
    List<Pending> stranded = List.of();
    synchronized (lock) {
      while (!pending.isEmpty()) {
        Seat seat = mode == MemberRun.ONE_BY_ONE ? freest() : roomiest();
        if (seat == null) {
          break;
        }
        int atOnce = mode == MemberRun.ONE_BY_ONE ? options.workers() : atOnceEach();
        List<Pending> items =
            take(mode == MemberRun.ONE_BY_ONE ? chunkSize() : shareChunkSize(seat, atOnce));
        Batch b = new Batch(seat, items, atOnce);
        seat.busy++;
        seat.sent++;
        seat.tasks += items.size();
        inFlight.add(b);
        for (Pending p : items) {
          p.run().cancelHandle(b);
          p.run().sentToWorker();
        }
        send.add(b);
      }
      if (seats.isEmpty() && !hz.getLifecycleService().isRunning()) {
        stranded = new ArrayList<>(pending); // no member will ever take them
        pending.clear();
      }
    }
    for (Batch b : send) {
      submit(b);
    }
    fail(stranded, "-", lostCluster());
  }

  private Seat freest() {
    Seat best = null;
    long now = System.nanoTime();
    for (Seat s : seats.values()) {
      if (s.busy >= depth() * options.workers() || now - s.suspectUntil < 0) {
        continue;
      }
      if (best == null || s.busy < best.busy || (s.busy == best.busy && s.sent < best.sent)) {
        best = s;
      }
    }
    return best;
  }

  /**
   * With an explicit {@code -c}: the tasks each member runs at once, its share of {@code -c} (at
   * most {@code threadsPerWorker} on platform threads). Lock held.
   */
  private int atOnceEach() {
    int share = Math.ceilDiv(options.concurrency(), Math.max(1, seats.size()));
    return mode == MemberRun.PLATFORM ? Math.min(options.threadsPerWorker(), share) : share;
  }

  /**
   * With an explicit {@code -c}: the member with the most room under twice its share in flight (no
   * more than its share with a task timeout), or null if none has room. Lock held.
   */
  private Seat roomiest() {
    Seat best = null;
    long now = System.nanoTime();
    int limit = depth() * atOnceEach();
    for (Seat s : seats.values()) {
      if (s.tasks >= limit || now - s.suspectUntil < 0) {
        continue;
      }
      if (best == null || s.tasks < best.tasks || (s.tasks == best.tasks && s.sent < best.sent)) {
        best = s;
      }
    }
    return best;
  }

  /**
   * With an explicit {@code -c}: an eighth of the member's share per chunk (a chunk answers when
   * its last task ends, so small ones keep the share busy), no more than a fair part of what waits
   * nor than the member has room for. Lock held.
   */
  private int shareChunkSize(Seat seat, int atOnce) {
    int room = depth() * atOnce - seat.tasks;
    if (!options.taskTimeout().isZero()) {
      return 1;
    }
    int size =
        options.chunkSize() > 0
            ? options.chunkSize()
            : Math.min(
                Math.ceilDiv(atOnce, CHUNKS_PER_SHARE),
                Math.ceilDiv(pending.size(), Math.max(1, seats.size())));
    return Math.clamp(Math.min(size, room), 1, MAX_CHUNK);
  }

  /**
   * Inputs per chunk: as many as keep a member busy for {@link #CHUNK_NANOS} (one at a time until
   * the first replies tell how long a task takes, so slow tasks spread one per slot), but never
   * more than a fair share of what waits, so no member is left idle.
   */
  /**
   * Chunks in flight per member slot. With a task timeout, one, and one task per chunk: the timeout
   * counts from the send, so nothing may wait on the member, and a late task is cancelled alone.
   */
  private int depth() {
    return options.taskTimeout().isZero() ? DEPTH : 1;
  }

  private int chunkSize() {
    if (!options.taskTimeout().isZero()) {
      return 1;
    }
    if (options.chunkSize() > 0) {
      return options.chunkSize();
    }
    int free = 0;
    for (Seat s : seats.values()) {
      free += Math.max(0, DEPTH * options.workers() - s.busy);
    }
    int fair = (int) Math.ceil(pending.size() / (double) Math.max(1, free));
    int byTime =
        meanTaskNanos < 0 ? 1 : (int) Math.min(MAX_CHUNK, CHUNK_NANOS / Math.max(1, meanTaskNanos));
    return Math.clamp(Math.min(fair, byTime), 1, MAX_CHUNK);
  }

  /**
   * Up to {@code n} pending attempts of the same batch (a chunk names one task class, and
   * cancelling one batch must not cancel another's attempts).
   */
  private List<Pending> take(int n) {
    List<Pending> items = new ArrayList<>(Math.min(n, pending.size()));
    Work batch = pending.peek().run().work(); // one Work per map/stream call
    for (Iterator<Pending> it = pending.iterator(); it.hasNext() && items.size() < n; ) {
      Pending p = it.next();
      if (p.run().work() == batch) {
        items.add(p);
        it.remove();
      }
    }
    return items;
  }

  private void submit(Batch b) {
    byte[][] inputs = new byte[b.items.size()][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = b.items.get(i).input();
    }
    Recipe task = recipe(b.items.get(0).run().work().task());
    try {
      Future<byte[]> f =
          executor.submitToMember(
              new Chunk(runId, owner, b.atOnce, mode, task, resource, inputs, seal), b.seat.member);
      b.future = f;
      if (b.cancelled) {
        f.cancel(true);
      }
      if (f instanceof CompletionStage<?> stage) {
        @SuppressWarnings("unchecked")
        CompletionStage<byte[]> s = (CompletionStage<byte[]>) stage;
        s.whenComplete((reply, error) -> ended(b, reply, error));
      } else {
        throw new IllegalStateException("Hazelcast returned a future without callbacks: " + f);
      }
    } catch (RuntimeException e) {
      ended(b, null, e);
    }
  }

  private void ended(Batch b, byte[] reply, Throwable error) {
    if (!b.done.compareAndSet(false, true)) {
      return; // already failed because its member left
    }
    synchronized (lock) {
      inFlight.remove(b);
      b.seat.busy--;
      b.seat.tasks -= b.items.size();
    }
    if (error == null) {
      deliver(b, reply);
    } else {
      Throwable cause = unwrap(error);
      if (b.cancelled || cause instanceof CancellationException) {
        fail(b.items, b.seat.workerId, new CancellationException("cancelled"));
      } else if (isMemberLoss(cause)) {
        if (suspect(b.seat)) {
          events.warn(
              dev.fanout.Event.Warning.Kind.WORKER,
              b.seat.workerId
                  + " did not answer ("
                  + describe(cause)
                  + "); its tasks"
                  + " in flight will be tried elsewhere");
        }
        fail(b.items, b.seat.workerId, new WorkerLostException(b.seat.workerId, describe(cause)));
      } else {
        // a refusal (no or another secret) says all there is to say in its own words
        Throwable refusal =
            cause instanceof SecurityException
                ? cause
                : new IllegalStateException(
                    b.seat.workerId + " could not run a chunk of tasks: " + describe(cause), cause);
        fail(b.items, b.seat.workerId, refusal);
      }
    }
    pump();
  }

  private void deliver(Batch b, byte[] reply) {
    long now = options.clock().nanoTime();
    Reply.Item[] items;
    try {
      items = Reply.read(reply, b.seat.workerId);
      if (items.length != b.items.size()) {
        throw new java.io.IOException(items.length + " results for " + b.items.size() + " inputs");
      }
    } catch (java.io.IOException e) {
      fail(
          b.items,
          b.seat.workerId,
          new IllegalStateException("a malformed reply from " + b.seat.workerId + ": " + e, e));
      return;
    }
    String worker = b.seat.workerId;
    if (items.length > 0 && sameClock(now, items[0].sentNanos())) {
      now = items[0].sentNanos(); // the member's times as they were, without the transit delay
    }
    learn(items);
    for (int i = 0; i < items.length; i++) {
      Reply.Item item = items[i];
      TaskRun run = b.items.get(i).run();
      Object value = null;
      Throwable error = item.error();
      if (error == null) {
        try {
          value = Codecs.decode(item.result());
        } catch (java.io.IOException | RuntimeException e) {
          error =
              new IllegalStateException(
                  "cannot decode the result of input "
                      + run.index()
                      + " from "
                      + worker
                      + ": "
                      + e.getMessage(),
                  e);
        }
      }
      if (run.begin(worker, now - item.startAgo())) {
        run.finish(worker, now - item.endAgo(), item.cpuNanos(), item.bytes(), value, error);
      }
    }
  }

  /**
   * True when a member's reply, built at {@code sent} on its clock, reads the run's clock: the run
   * uses the system's clock and the member is on this machine (the same CLOCK_MONOTONIC, so the
   * reply was built shortly before {@code now}); members elsewhere have clocks hours apart.
   */
  private boolean sameClock(long now, long sent) {
    return Math.abs(now - System.nanoTime()) < SAME_CLOCK_NANOS
        && now - sent >= 0
        && now - sent < SAME_CLOCK_NANOS;
  }

  private void learn(Reply.Item[] items) {
    long total = 0;
    for (Reply.Item item : items) {
      total += item.startAgo() - item.endAgo();
    }
    double mean = total / (double) Math.max(1, items.length);
    synchronized (lock) {
      meanTaskNanos = meanTaskNanos < 0 ? mean : 0.8 * meanTaskNanos + 0.2 * mean;
    }
  }

  private void fail(List<Pending> items, String worker, Throwable error) {
    long now = options.clock().nanoTime();
    for (Pending p : items) {
      p.run().finish(worker, now, 0, 0, null, error);
    }
  }

  private IllegalStateException lostCluster() {
    return new IllegalStateException(
        "lost the connection to cluster '"
            + options.clusterName()
            + "' (no member left to run"
            + " the task); start members again and rerun");
  }

  private static boolean isMemberLoss(Throwable t) {
    return t instanceof MemberLeftException
        || t instanceof TargetDisconnectedException
        || t instanceof TargetNotMemberException
        || t instanceof HazelcastInstanceNotActiveException
        || t instanceof HazelcastClientNotActiveException;
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /**
   * A chunk could not reach its member: it may be dead (then the cluster soon removes it) or not
   * connected yet (a client connects to members one by one). Either way, send nothing there for a
   * while instead of forgetting it for good. True the first time, to warn once per member.
   */
  private boolean suspect(Seat seat) {
    boolean first;
    synchronized (lock) {
      seat.suspectUntil = System.nanoTime() + SUSPECT_NANOS;
      first = !seat.warned;
      seat.warned = true;
    }
    Scheduler.shared().schedule(this::pump, SUSPECT_NANOS, TimeUnit.NANOSECONDS);
    return first;
  }

  /** A member left: no new chunks go there, and its chunks in flight are lost. */
  private void forget(UUID member) {
    List<Batch> lost = new ArrayList<>();
    synchronized (lock) {
      Seat seat = seats.remove(member);
      if (seat == null) {
        return;
      }
      for (Batch b : inFlight) {
        if (b.seat == seat) {
          lost.add(b);
        }
      }
    }
    for (Batch b : lost) {
      if (b.done.compareAndSet(false, true)) {
        synchronized (lock) {
          inFlight.remove(b);
        }
        fail(
            b.items,
            b.seat.workerId,
            new WorkerLostException(b.seat.workerId, "the member left the cluster"));
      }
    }
    pump();
  }

  private final class Membership implements InitialMembershipListener {
    @Override
    public void init(InitialMembershipEvent event) {
      synchronized (lock) {
        for (Member m : event.getMembers()) {
          seats.putIfAbsent(m.getUuid(), new Seat(m));
        }
      }
    }

    @Override
    public void memberAdded(MembershipEvent event) {
      synchronized (lock) {
        seats.putIfAbsent(event.getMember().getUuid(), new Seat(event.getMember()));
      }
      pump();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      forget(event.getMember().getUuid());
    }
  }

  @Override
  public void cancel(TaskRun run) {
    Object handle = run.cancelHandle();
    if (handle instanceof Batch b) {
      b.cancelled = true;
      Future<byte[]> f = b.future;
      if (f != null) {
        f.cancel(true);
      }
      return;
    }
    Pending removed = null;
    synchronized (lock) {
      for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        if (p.run() == run) {
          it.remove();
          removed = p;
          break;
        }
      }
    }
    if (removed != null) {
      fail(List.of(removed), "-", new CancellationException("cancelled before it started"));
    }
  }

  /** Timestamps arrive with the reply: the timeout counts from the send to a member. */
  @Override
  public boolean reportsStartLate() {
    return true;
  }

  /**
   * Cancels the attempt on its member when its chunk holds it alone; a chunk shared with others
   * runs on (its other tasks are not late), and the dispatcher abandons this one.
   */
  @Override
  public void timedOut(TaskRun run) {
    if (!(run.cancelHandle() instanceof Batch b) || b.items.size() == 1) {
      cancel(run);
    }
  }

  @Override
  public void close() {
    List<Pending> left;
    List<Batch> running;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      left = new ArrayList<>(pending);
      pending.clear();
      running = new ArrayList<>(inFlight);
    }
    fail(left, "-", new CancellationException("the fanout closed before it started"));
    for (Batch b : running) {
      b.cancelled = true;
      Future<byte[]> f = b.future;
      if (f != null) {
        f.cancel(true);
      }
    }
    endRunOnMembers();
    files.close();
    if (embedded) {
      hz.getLifecycleService().terminate(); // nothing to hand over: no graceful migration
    } else {
      hz.shutdown();
    }
  }

  /** Asks every member to close this run's resource, waiting a bounded time. */
  private void endRunOnMembers() {
    if (!hz.getLifecycleService().isRunning()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    try {
      for (Future<Boolean> f : control.submitToAllMembers(new EndRun(runId, seal)).values()) {
        long left = deadline - System.nanoTime();
        try {
          f.get(Math.max(1, left), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          if (!(unwrap(e) instanceof SecurityException)) { // refusals were reported per task
            events.warn("a member did not confirm closing its resources: " + unwrap(e));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      events.warn("could not ask the members to close their resources: " + e);
    }
  }
}
