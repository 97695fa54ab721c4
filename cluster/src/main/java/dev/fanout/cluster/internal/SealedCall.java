package dev.fanout.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * A message the caller has a member run ({@link Chunk}, {@link EndRun}, {@link FileDone}): its
 * fields, when it was sent, and, with a cluster secret, a seal over both ({@link Seal}). On the
 * member the seal is checked before anything else, so an old message cannot be replayed and a
 * client without the secret runs nothing. A subclass sets its fields, then calls {@link #seal}; on
 * the wire its fields come first, then the time and the seal.
 *
 * <p>Not thread-safe: built by one thread, then handed to Hazelcast.
 */
abstract class SealedCall<T>
    implements Callable<T>, IdentifiedDataSerializable, HazelcastInstanceAware {
  private long sentAt; // wall-clock millis
  private byte[] seal; // null without a cluster secret
  private transient HazelcastInstance member;

  /** Stamps the message with the time and seals it; the last step of a subclass's constructor. */
  final void seal(Seal sealer) {
    sentAt = System.currentTimeMillis();
    seal = sealer == null ? null : sealer.sign(sealed());
  }

  /** The fields the seal covers, in wire order: every field of the subclass. */
  abstract Object[] fields();

  /** What the message is, as a refusal names it ("a chunk of tasks"). */
  abstract String what();

  /** Runs the message on the member, once its seal was checked. */
  abstract T run(MemberRuns runs) throws IOException;

  abstract void writeFields(ObjectDataOutput out) throws IOException;

  abstract void readFields(ObjectDataInput in) throws IOException;

  private Object[] sealed() {
    Object[] fields = fields();
    Object[] all = Arrays.copyOf(fields, fields.length + 1);
    all[fields.length] = sentAt;
    return all;
  }

  @Override
  public final void setHazelcastInstance(HazelcastInstance instance) {
    this.member = instance;
  }

  @Override
  public final T call() throws IOException {
    MemberRuns runs = MemberRuns.of(member);
    runs.authenticate(seal, sentAt, what(), sealed()); // before anything is loaded
    return run(runs);
  }

  @Override
  public final void writeData(ObjectDataOutput out) throws IOException {
    writeFields(out);
    out.writeLong(sentAt);
    out.writeByteArray(seal);
  }

  @Override
  public final void readData(ObjectDataInput in) throws IOException {
    readFields(in);
    sentAt = in.readLong();
    seal = in.readByteArray();
  }

  @Override
  public final int getFactoryId() {
    return Wire.FACTORY_ID;
  }
}
