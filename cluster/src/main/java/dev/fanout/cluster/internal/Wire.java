package dev.fanout.cluster.internal;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * How fanout's own messages cross Hazelcast: as {@link IdentifiedDataSerializable}, never Java
 * serialization. User inputs and results inside them are already bytes (fanout's codecs).
 *
 * <p>Stateless; thread-safe.
 */
final class Wire implements DataSerializableFactory {
  static final int FACTORY_ID = 0x0FA0;
  static final int CHUNK = 1;
  static final int END_RUN = 2;

  private Wire() {}

  /** Makes fanout's messages known to a member or client. */
  static void register(SerializationConfig config) {
    config.addDataSerializableFactory(FACTORY_ID, new Wire());
  }

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case CHUNK -> new Chunk();
      case END_RUN -> new EndRun();
      default -> null; // Hazelcast reports the unknown type id
    };
  }
}
