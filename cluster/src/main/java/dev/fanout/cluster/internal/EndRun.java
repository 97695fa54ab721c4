package dev.fanout.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Sent to every member when a run closes: the member closes that run's resource and forgets it.
 *
 * <p>Not thread-safe; one use.
 */
final class EndRun
    implements Callable<Boolean>, IdentifiedDataSerializable, HazelcastInstanceAware {
  private String runId;
  private long sentAt;
  private byte[] seal; // null without a cluster secret
  private transient HazelcastInstance member;

  EndRun() {} // for Hazelcast

  EndRun(String runId, Seal sealer) {
    this.runId = runId;
    this.sentAt = System.currentTimeMillis();
    this.seal = sealer == null ? null : sealer.sign(runId, sentAt);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.member = instance;
  }

  @Override
  public Boolean call() {
    MemberRuns runs = MemberRuns.of(member);
    runs.authenticate(seal, sentAt, "the end of a run", runId, sentAt);
    return runs.end(runId);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(runId);
    out.writeLong(sentAt);
    out.writeByteArray(seal);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    runId = in.readString();
    sentAt = in.readLong();
    seal = in.readByteArray();
  }

  @Override
  public int getFactoryId() {
    return Wire.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return Wire.END_RUN;
  }
}
