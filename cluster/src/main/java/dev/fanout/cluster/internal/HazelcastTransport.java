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
import dev.fanout.spi.Events;
import dev.fanout.spi.Recipe;
import dev.fanout.spi.remote.Batch;
import dev.fanout.spi.remote.RemoteEngine;
import dev.fanout.spi.remote.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code cluster}: the {@link RemoteEngine} over Hazelcast. A batch goes to its member as one
 * {@link Chunk} (an executor task), and the member's {@link Reply} comes back when the batch's last
 * task ends. With no member addresses it starts an embedded one-member cluster in this JVM;
 * otherwise it connects as a client. A member that leaves loses what it held ({@link
 * WorkerLostException}, which the dispatcher retries elsewhere).
 *
 * <p>Thread-safe: Hazelcast completes batches and reports membership from its own threads.
 */
final class HazelcastTransport implements Transport {
  private final Options options;
  private final Events events;
  private final HazelcastInstance hz;
  private final boolean embedded;
  // -c given: members run their share at once (MemberRun.VIRTUAL or PLATFORM); else ONE_BY_ONE
  private final int mode;
  private final IExecutorService executor;
  private final IExecutorService control;
  private final FileReceiver files;
  private final Seal seal; // null without a cluster secret
  private final String runId = UUID.randomUUID().toString();
  private final String owner;
  private final Recipe resource; // null for none
  private final Map<UUID, MemberLink> members = new ConcurrentHashMap<>();
  private final Set<Batch> inFlight = ConcurrentHashMap.newKeySet();
  private volatile Sink sink;
  private volatile boolean closed;

  /** A member, as the engine sees it. */
  private record MemberLink(Member member, String id) implements Link {
    @Override
    public String where() {
      return id;
    }
  }

  private HazelcastTransport(
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
    this.resource = RemoteEngine.resourceRecipe(options, Model.CLUSTER.label());
  }

  /** Starts the embedded member, or connects to the given ones. */
  static RemoteEngine engine(Options options, Events events) {
    RemoteEngine.resourceRecipe(options, Model.CLUSTER.label()); // fails before joining
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
      return new RemoteEngine(
          options, events, new HazelcastTransport(options, events, member, true, secret));
    }
    HazelcastInstance client;
    try {
      client =
          HazelcastClient.newHazelcastClient(
              HazelcastSetup.client(
                  options.clusterName(),
                  options.members(),
                  options.clusterConnectTimeout().toMillis()));
    } catch (IllegalStateException e) {
      // a setting that does not work (Fanout.Builder#build's contract): exit 2 on the CLI
      throw new IllegalArgumentException(
          "cannot join cluster '"
              + options.clusterName()
              + "' at "
              + String.join(",", options.members())
              + " within "
              + options.clusterConnectTimeout().toMillis()
              + " ms: check that members run"
              + " there (./fanout member --port PORT) and that --cluster-name matches theirs",
          e);
    }
    return new RemoteEngine(
        options, events, new HazelcastTransport(options, events, client, false, secret));
  }

  @Override
  public String model() {
    return Model.CLUSTER.label();
  }

  @Override
  public int workers() {
    return 0;
  }

  /** Times arrive with the reply: the timeout counts from the send to a member. */
  @Override
  public boolean reportsStart() {
    return false;
  }

  @Override
  public boolean cancelsOneTask() {
    return false;
  }

  @Override
  public void prepare(Object task) {
    files.allow(task); // the directories its settings name may receive its files
  }

  @Override
  public void start(Sink sink) {
    this.sink = sink;
    hz.getCluster().addMembershipListener(new Membership());
    hz.getLifecycleService()
        .addLifecycleListener(
            e -> {
              if (e.getState() == LifecycleState.SHUTDOWN && !closed) {
                sink.broken(
                    new IllegalStateException(
                        "lost the connection to cluster '"
                            + options.clusterName()
                            + "' (no member left to run the task); start members again and"
                            + " rerun"));
              }
            });
  }

  private MemberLink link(Member m) {
    return members.computeIfAbsent(
        m.getUuid(), u -> new MemberLink(m, MemberRuns.workerId(m.getAddress())));
  }

  @Override
  public void send(Link to, Batch batch) {
    MemberLink link = (MemberLink) to;
    int atOnce = mode == MemberRun.ONE_BY_ONE ? options.workers() : batch.atOnce();
    inFlight.add(batch);
    try {
      Future<byte[]> f =
          executor.submitToMember(
              new Chunk(runId, owner, atOnce, mode, batch.task(), resource, batch.inputs(), seal),
              link.member());
      batch.handle(f);
      if (!(f instanceof CompletionStage<?> stage)) {
        throw new IllegalStateException("Hazelcast returned a future without callbacks: " + f);
      }
      @SuppressWarnings("unchecked")
      CompletionStage<byte[]> s = (CompletionStage<byte[]>) stage;
      s.whenComplete((reply, error) -> ended(link, batch, reply, error));
      if (closed || batch.cancelled()) { // cancelled before its future was known
        f.cancel(true);
      }
    } catch (RuntimeException e) {
      ended(link, batch, null, e);
    }
  }

  private void ended(MemberLink link, Batch batch, byte[] reply, Throwable error) {
    inFlight.remove(batch);
    if (error == null) {
      deliver(link, batch, reply);
      return;
    }
    Throwable cause = unwrap(error);
    if (cause instanceof CancellationException) {
      sink.failed(batch, new CancellationException("cancelled"), false);
    } else if (isMemberLoss(cause)) {
      sink.failed(batch, new WorkerLostException(link.id(), describe(cause)), true);
    } else {
      // a refusal (no or another secret) says all there is to say in its own words
      Throwable refusal =
          cause instanceof SecurityException
              ? cause
              : new IllegalStateException(
                  link.id() + " could not run a chunk of tasks: " + describe(cause), cause);
      sink.failed(batch, refusal, false);
    }
  }

  private void deliver(MemberLink link, Batch batch, byte[] bytes) {
    Reply reply;
    try {
      reply = Reply.read(bytes, link.id());
      if (reply.reports().length != batch.size()) {
        throw new IOException(reply.reports().length + " results for " + batch.size() + " inputs");
      }
    } catch (IOException e) {
      sink.failed(
          batch,
          new IllegalStateException("a malformed reply from " + link.id() + ": " + e, e),
          false);
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      sink.finished(link, batch.id(i), reply.reports()[i], reply.sentNanos());
    }
  }

  /** Cancels the batch on its member (a member interrupts a batch, not one of its tasks). */
  @Override
  public void cancel(Link link, Batch batch, long id, boolean started) {
    if (batch == null) {
      return;
    }
    batch.cancel(); // seen by send when the future is not known yet
    if (batch.handle() instanceof Future<?> f) {
      f.cancel(true);
    }
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

  private final class Membership implements InitialMembershipListener {
    @Override
    public void init(InitialMembershipEvent event) {
      for (Member m : event.getMembers()) {
        sink.joined(link(m));
      }
    }

    @Override
    public void memberAdded(MembershipEvent event) {
      sink.joined(link(event.getMember()));
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      MemberLink gone = members.remove(event.getMember().getUuid());
      if (gone != null) {
        sink.lost(gone, "the member left the cluster");
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Batch b : new ArrayList<>(inFlight)) {
      if (b.handle() instanceof Future<?> f) {
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
