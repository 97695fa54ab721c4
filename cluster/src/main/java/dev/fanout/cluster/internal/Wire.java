package dev.fanout.cluster.internal;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.fanout.spi.Recipe;
import java.io.IOException;

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
  static final int FILE_DONE = 3;

  private Wire() {}

  /** A recipe as bytes inside a message. */
  static byte[] bytes(Recipe recipe) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      recipe.write(new java.io.DataOutputStream(bytes));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // in memory
    }
    return bytes.toByteArray();
  }

  /** A recipe from its bytes. */
  static Recipe recipe(byte[] bytes) throws IOException {
    if (bytes == null) {
      throw new IOException("malformed message: no task recipe");
    }
    return Recipe.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes)));
  }

  /** Makes fanout's messages known to a member or client. */
  static void register(SerializationConfig config) {
    config.addDataSerializableFactory(FACTORY_ID, new Wire());
  }

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case CHUNK -> new Chunk();
      case END_RUN -> new EndRun();
      case FILE_DONE -> new FileDone();
      default -> null; // Hazelcast reports the unknown type id
    };
  }
}
