package io.octopod.loadgen;

/**
 * Latencies in nanoseconds, kept in log-linear buckets: each power of two is split into 64 equal
 * sub-buckets, so a percentile read back is within 1/64 (1.6 %) of the true value, for any range,
 * in a fixed 4,000-odd longs. Recording allocates nothing. Not thread-safe: one recording thread
 * (the load generator's receive loop), read after it stops or by {@link #copy}.
 */
public final class LatencyHistogram {

  private static final int SUB_BUCKET_BITS = 6;
  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
  private static final int BUCKETS = (64 - SUB_BUCKET_BITS) * SUB_BUCKETS + SUB_BUCKETS;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;

  /** Records one latency; negative values (clock steps) count as zero. */
  public void record(long nanos) {
    long v = Math.max(0, nanos);
    counts[index(v)]++;
    total++;
    if (v > max) {
      max = v;
    }
  }

  public long count() {
    return total;
  }

  public long max() {
    return max;
  }

  /**
   * The value at or below which {@code fraction} of the recorded values lie (0.5 for the median,
   * 0.999 for p99.9), as the upper edge of its bucket; 0 when empty.
   */
  public long percentile(double fraction) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(fraction * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, upperEdge(i));
      }
    }
    return max;
  }

  public void reset() {
    java.util.Arrays.fill(counts, 0);
    total = 0;
    max = 0;
  }

  /** Adds another histogram's counts to this one. */
  public void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  public LatencyHistogram copy() {
    LatencyHistogram c = new LatencyHistogram();
    c.add(this);
    return c;
  }

  /** Values below 64 have a bucket each; above, the top 6 bits after the leading one choose it. */
  static int index(long v) {
    if (v < SUB_BUCKETS) {
      return (int) v;
    }
    int magnitude = 63 - Long.numberOfLeadingZeros(v);
    int shift = magnitude - SUB_BUCKET_BITS;
    int sub = (int) (v >>> shift) - SUB_BUCKETS;
    return (shift + 1) * SUB_BUCKETS + sub;
  }

  /** The largest value that falls in bucket {@code i}. */
  static long upperEdge(int i) {
    if (i < SUB_BUCKETS) {
      return i;
    }
    int shift = i / SUB_BUCKETS - 1;
    long sub = i % SUB_BUCKETS + SUB_BUCKETS;
    return ((sub + 1) << shift) - 1;
  }
}
