package dev.fanout.cluster.internal;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import dev.fanout.spi.Events;
import dev.fanout.spi.Recipe;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A member's side of every run it serves: the task instance and the per-member resource of each
 * run, kept until the run's {@link EndRun}, or until the client that owns the run disconnects (a
 * client that crashed cannot send one).
 *
 * <p>Thread-safe: the member's executor threads share it.
 */
final class MemberRuns {
  private static final String KEY = "dev.fanout.cluster.runs";
  private static final Logger LOG = Logger.getLogger("dev.fanout.cluster");

  private final String memberId;
  private final HazelcastInstance member;
  private final ClassLoader loader;
  private final Events events;
  private final Seal seal; // null: the member has no secret and runs any fanout task
  private final ConcurrentMap<String, MemberRun> runs = new ConcurrentHashMap<>();

  private MemberRuns(HazelcastInstance member) {
    this.memberId = workerId(member.getCluster().getLocalMember().getAddress());
    this.member = member;
    ClassLoader configured = member.getConfig().getClassLoader();
    this.loader = configured != null ? configured : MemberRuns.class.getClassLoader();
    this.events = new Events(List.of(), line -> LOG.warning(memberId + ": " + line));
    Object secret = member.getConfig().getUserContext().get(HazelcastSetup.SECRET_KEY);
    this.seal = secret instanceof byte[] b ? new Seal(b) : null;
  }

  /** The runs of this member, created with the member's first task. */
  static MemberRuns of(HazelcastInstance member) {
    ConcurrentMap<String, Object> context = member.getUserContext();
    Object runs = context.get(KEY);
    if (runs == null) {
      MemberRuns created = new MemberRuns(member);
      runs = context.putIfAbsent(KEY, created);
      if (runs == null) {
        runs = created;
        created.endRunsOfLeavingClients(member);
      }
    }
    return (MemberRuns) runs;
  }

  /** The worker id of the member at {@code address}, the same on clients and members. */
  static String workerId(Address address) {
    return "member-" + address.getHost() + ":" + address.getPort();
  }

  /** The run, created by its first chunk (whose {@code workers} and {@code mode} it keeps). */
  MemberRun open(String runId, String owner, int workers, int mode, Recipe resource) {
    return runs.computeIfAbsent(
        runId,
        id ->
            new MemberRun(
                memberId,
                owner,
                workers,
                mode,
                resource,
                loader,
                events,
                new MemberRun.Files(
                    member.getQueue(HazelcastSetup.FILES + id),
                    member.getCluster().getLocalMember().getUuid().toString(),
                    seal,
                    id)));
  }

  /**
   * Refuses a message that is not sealed with this member's secret, if it has one.
   *
   * @throws SecurityException saying the client needs the secret
   */
  void authenticate(byte[] sealed, long sentAt, String what, Object... fields) {
    if (seal != null && !seal.verify(sealed, sentAt, fields)) {
      LOG.warning(memberId + ": refused " + what + " that is not authenticated");
      throw Seal.refusal(memberId, what);
    }
  }

  /** The caller stored (error null) or could not store a file of the run; true if awaited. */
  boolean fileDone(String runId, String file, String error) {
    MemberRun run = runs.get(runId);
    return run != null && run.ackFile(file, error);
  }

  /** Closes the run's resource; true when the run was known here. */
  boolean end(String runId) {
    MemberRun run = runs.remove(runId);
    if (run == null) {
      return false;
    }
    run.close();
    return true;
  }

  private void endRunsOfLeavingClients(HazelcastInstance member) {
    try {
      member
          .getClientService()
          .addClientListener(
              new ClientListener() {
                @Override
                public void clientConnected(Client client) {}

                @Override
                public void clientDisconnected(Client client) {
                  String gone = client.getUuid().toString();
                  runs.forEach(
                      (id, run) -> {
                        if (gone.equals(run.owner())) {
                          end(id);
                        }
                      });
                }
              });
    } catch (UnsupportedOperationException | IllegalStateException e) {
      LOG.log(Level.FINE, "no client listener on " + memberId, e);
    }
  }
}
