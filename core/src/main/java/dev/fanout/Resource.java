package dev.fanout;

/**
 * How to open and close a per-worker resource: the seed's {@code threading.local()} session and
 * {@code Pool(initializer=...)}. fanout opens it lazily, once per worker, and closes it when the
 * run ends.
 *
 * <p>On {@link Model#PROCESSES} and {@link Model#CLUSTER} it must be a named, public class with a
 * public no-arg constructor, like {@link Task}. {@link #open} is called at most once per worker, on
 * that worker's thread; {@link #close} once, on the thread that ends the run.
 *
 * @param <S> the resource type
 */
public interface Resource<S> {
  /** Opens the resource for one worker. */
  S open(Worker worker) throws Exception;

  /** Closes it; the default closes an {@link AutoCloseable} and ignores anything else. */
  default void close(S resource) throws Exception {
    if (resource instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /** A function that opens a resource (for {@link #of}). */
  @FunctionalInterface
  interface Opener<S> {
    S open(Worker worker) throws Exception;
  }

  /** A function that closes a resource (for {@link #of}). */
  @FunctionalInterface
  interface Closer<S> {
    void close(S resource) throws Exception;
  }

  /** A resource from two functions; usable by the in-process models only. */
  static <S> Resource<S> of(Opener<S> opener, Closer<S> closer) {
    return new Resource<>() {
      @Override
      public S open(Worker worker) throws Exception {
        return opener.open(worker);
      }

      @Override
      public void close(S resource) throws Exception {
        closer.close(resource);
      }
    };
  }
}
