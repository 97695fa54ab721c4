package dev.fanout.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * The caller's answer to a file's COMMIT: stored (no error), or why not. Sent to the member whose
 * task waits in {@link RemoteFile#commit()}.
 *
 * <p>Not thread-safe; one use.
 */
final class FileDone
    implements Callable<Boolean>, IdentifiedDataSerializable, HazelcastInstanceAware {
  private String runId;
  private String file;
  private String error; // null: stored
  private long sentAt;
  private byte[] seal; // null without a cluster secret
  private transient HazelcastInstance member;

  FileDone() {} // for Hazelcast

  FileDone(String runId, String file, String error, Seal sealer) {
    this.runId = runId;
    this.file = file;
    this.error = error;
    this.sentAt = System.currentTimeMillis();
    this.seal = sealer == null ? null : sealer.sign(runId, file, error, sentAt);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.member = instance;
  }

  @Override
  public Boolean call() {
    MemberRuns runs = MemberRuns.of(member);
    runs.authenticate(seal, sentAt, "a file's acknowledgement", runId, file, error, sentAt);
    return runs.fileDone(runId, file, error);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(runId);
    out.writeString(file);
    out.writeString(error);
    out.writeLong(sentAt);
    out.writeByteArray(seal);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    runId = in.readString();
    file = in.readString();
    error = in.readString();
    sentAt = in.readLong();
    seal = in.readByteArray();
  }

  @Override
  public int getFactoryId() {
    return Wire.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return Wire.FILE_DONE;
  }
}
