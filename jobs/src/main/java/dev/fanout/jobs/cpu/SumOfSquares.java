package dev.fanout.jobs.cpu;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The source article's CPU-bound task: {@code sum(i * i for i in range(n))}, computed by the loop
 * itself (the loop is the point: it keeps one core busy), exactly.
 *
 * <p>The sum passes {@code Long.MAX_VALUE} at n of about 3 million, so the loop keeps a 128-bit
 * accumulator in two longs; it never allocates, and a {@link BigInteger} is built once at the end.
 *
 * <p>Stateless and thread-safe. A named class with a public no-arg constructor, so that worker JVMs
 * ({@code processes}, {@code cluster}) can load it; its input ({@link Long}) and result ({@link
 * BigInteger}) are built-in codec types.
 */
public final class SumOfSquares implements Task<Long, BigInteger> {
  /** The largest n accepted: its sum, about n^3/3, still fits in 128 bits with room to spare. */
  public static final long MAX_N = 1_000_000_000_000L;

  /** The article's defaults: n = 5,000,000 + x for x in 0..19. */
  public static final long DEFAULT_BASE = 5_000_000L;

  public static final int DEFAULT_COUNT = 20;

  // between interrupt checks: ~1 ms of work, so Ctrl-C and close() stop a long task promptly
  private static final long CHUNK = 1 << 20;

  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

  public SumOfSquares() {}

  @Override
  public BigInteger run(Long n, Worker worker) throws InterruptedException {
    return of(n);
  }

  /**
   * {@code sum(i * i for i in range(n))}, looping.
   *
   * @throws IllegalArgumentException when n is negative or above {@link #MAX_N}
   * @throws InterruptedException when the thread is interrupted (checked every million steps)
   */
  public static BigInteger of(long n) throws InterruptedException {
    check(n);
    return range(0, n);
  }

  /** {@code sum(i * i for i in range(from, to))}; package-private so tests reach huge i cheaply. */
  static BigInteger range(long from, long to) throws InterruptedException {
    long lo = 0; // the accumulator's low 64 bits, unsigned
    long hi = 0; // its high 64 bits
    for (long start = from; start < to; start += CHUNK) {
      long end = Math.min(to, start + CHUNK);
      for (long i = start; i < end; i++) {
        long square = i * i; // the low 64 bits of i*i; multiplyHigh gives the high ones
        long sum = lo + square;
        hi += Math.multiplyHigh(i, i) + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
        lo = sum;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("sum of squares below " + to + " interrupted");
      }
    }
    return BigInteger.valueOf(hi).multiply(TWO_TO_64).add(unsigned(lo));
  }

  /** The closed form n(n-1)(2n-1)/6, for checking {@link #of}. */
  public static BigInteger closedForm(long n) {
    check(n);
    BigInteger b = BigInteger.valueOf(n);
    return b.multiply(b.subtract(BigInteger.ONE))
        .multiply(b.shiftLeft(1).subtract(BigInteger.ONE))
        .divide(BigInteger.valueOf(6));
  }

  /**
   * The batch's inputs: {@code round((base + x) * scale)} for x in 0..count-1, in that order.
   *
   * @throws IllegalArgumentException naming the bad parameter
   */
  public static List<Long> inputs(long base, int count, double scale) {
    if (base < 0) {
      throw new IllegalArgumentException("base must be >= 0, got " + base);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be a positive number, got " + scale);
    }
    List<Long> ns = new ArrayList<>(count);
    for (int x = 0; x < count; x++) {
      double n = Math.rint((base + x) * scale);
      if (n > MAX_N) {
        throw new IllegalArgumentException(
            "n = ("
                + base
                + " + "
                + x
                + ") * "
                + scale
                + " is above the limit "
                + MAX_N
                + ": lower --base or --scale");
      }
      ns.add((long) n);
    }
    return ns;
  }

  private static void check(long n) {
    if (n < 0 || n > MAX_N) {
      throw new IllegalArgumentException("n must be within 0.." + MAX_N + ", got " + n);
    }
  }

  private static BigInteger unsigned(long v) {
    BigInteger b = BigInteger.valueOf(v & Long.MAX_VALUE);
    return v < 0 ? b.setBit(63) : b;
  }
}
