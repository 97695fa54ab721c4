package dev.fanout.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * How inputs and results cross a process or machine boundary: a tag byte, then the value. String,
 * byte[], the boxed numbers, Boolean and BigInteger are built in; anything else travels as JSON
 * (Jackson) with its class name, so records work as they are. No Java serialization, ever. A remote
 * engine encodes each input here before it leaves, and each result after it comes back.
 *
 * <p>Decoding builds only the registry's types: the built-ins above, records, enums, and the plain
 * {@code java.util} collections. The class a peer names is looked up without initializing it and
 * refused unless it is one of those, so bytes from another JVM cannot make this one run the static
 * initializer or constructor of an arbitrary class.
 *
 * <p>Thread-safe (Jackson's {@code ObjectMapper} is, once configured).
 */
public final class Codecs {
  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte BYTES = 2;
  private static final byte LONG = 3;
  private static final byte INT = 4;
  private static final byte DOUBLE = 5;
  private static final byte BOOLEAN = 6;
  private static final byte BIG_INTEGER = 7;
  private static final byte JSON = 8;

  /**
   * Created on first use: Jackson's start-up would delay every worker JVM that never needs it. Its
   * modules are named, not found on the class path: a module found there could add deserializers
   * that build types the registry refuses, and would make a value's encoding depend on what else
   * each JVM's class path holds, where both ends must agree.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());
  }

  /** The JSON-coded classes a value may decode to besides records and enums. */
  private static final Set<String> COLLECTIONS =
      Set.of(
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.TreeMap",
          "java.util.HashSet",
          "java.util.LinkedHashSet",
          "java.util.TreeSet");

  private Codecs() {}

  /** Writes {@code value} with its tag. */
  public static void write(DataOutputStream out, Object value) throws IOException {
    switch (value) {
      case null -> out.writeByte(NULL);
      case String s -> {
        out.writeByte(STRING);
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
      }
      case byte[] b -> {
        out.writeByte(BYTES);
        writeBytes(out, b);
      }
      case Long l -> {
        out.writeByte(LONG);
        out.writeLong(l);
      }
      case Integer i -> {
        out.writeByte(INT);
        out.writeInt(i);
      }
      case Double d -> {
        out.writeByte(DOUBLE);
        out.writeDouble(d);
      }
      case Boolean b -> {
        out.writeByte(BOOLEAN);
        out.writeBoolean(b);
      }
      case BigInteger big -> {
        out.writeByte(BIG_INTEGER);
        writeBytes(out, big.toByteArray());
      }
      default -> {
        out.writeByte(JSON);
        writeBytes(out, value.getClass().getName().getBytes(StandardCharsets.UTF_8));
        writeBytes(out, Json.MAPPER.writeValueAsBytes(value));
      }
    }
  }

  /**
   * Reads a value written by {@link #write}.
   *
   * @throws IOException on a malformed value: an unknown tag, a bad length, an unknown class
   */
  public static Object read(DataInputStream in) throws IOException {
    return read(in, Thread.currentThread().getContextClassLoader());
  }

  /** {@link #read(DataInputStream)}, looking up JSON-coded classes with {@code loader}. */
  public static Object read(DataInputStream in, ClassLoader loader) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case NULL -> null;
      case STRING -> new String(readBytes(in), StandardCharsets.UTF_8);
      case BYTES -> readBytes(in);
      case LONG -> in.readLong();
      case INT -> in.readInt();
      case DOUBLE -> in.readDouble();
      case BOOLEAN -> in.readBoolean();
      case BIG_INTEGER -> new BigInteger(readBytes(in));
      case JSON -> {
        String type = new String(readBytes(in), StandardCharsets.UTF_8);
        byte[] json = readBytes(in);
        yield Json.MAPPER.readValue(json, registered(type, loader));
      }
      default -> throw new IOException("malformed value: unknown type tag " + tag);
    };
  }

  /** The class named {@code type} if values may decode to it; never initialized here. */
  private static Class<?> registered(String type, ClassLoader loader) throws IOException {
    Class<?> cls;
    try {
      cls = Class.forName(type, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IOException("cannot decode a value of class " + type + ": not on the classpath", e);
    }
    if (!cls.isRecord() && !cls.isEnum() && !COLLECTIONS.contains(type)) {
      throw new IOException(
          "refusing to decode a value of class "
              + type
              + ": values crossing JVMs must be records, enums, plain java.util collections or"
              + " the built-in types (String, byte[], numbers, Boolean, BigInteger)");
    }
    return cls;
  }

  /** {@link #write} into a new array. */
  public static byte[] encode(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out, value);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot encode " + value.getClass().getName() + ": " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  /** {@link #read} from an array. */
  public static Object decode(byte[] bytes) throws IOException {
    return read(new DataInputStream(new ByteArrayInputStream(bytes)));
  }

  /** {@link #read(DataInputStream, ClassLoader)} from an array. */
  public static Object decode(byte[] bytes, ClassLoader loader) throws IOException {
    return read(new DataInputStream(new ByteArrayInputStream(bytes)), loader);
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("malformed value: negative length " + n);
    }
    return in.readNBytes(n);
  }
}
