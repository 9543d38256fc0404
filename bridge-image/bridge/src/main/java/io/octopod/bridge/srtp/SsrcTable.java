package io.octopod.bridge.srtp;

import java.util.function.LongFunction;

/**
 * Streams by SSRC without boxing: an open-addressed table of {@code long} keys, so looking up the
 * stream of every packet allocates nothing (a {@code HashMap<Long, ...>} boxes each SSRC above 127
 * and the lookup's lambda captures its session). Grows at half full. Not thread-safe, like the
 * streams it holds.
 */
final class SsrcTable<T> {

  private long[] keys = new long[16];
  private Object[] values = new Object[16];
  private int size;

  /** The value for {@code ssrc}, made by {@code create} on first use. */
  T get(long ssrc, LongFunction<T> create) {
    T found = find(ssrc);
    if (found != null) {
      return found;
    }
    T made = create.apply(ssrc);
    put(ssrc, made);
    return made;
  }

  /** The value for {@code ssrc}, or null. */
  @SuppressWarnings("unchecked")
  T find(long ssrc) {
    int mask = keys.length - 1;
    for (int i = slot(ssrc, mask); ; i = (i + 1) & mask) {
      Object v = values[i];
      if (v == null || keys[i] == ssrc) {
        return (T) v;
      }
    }
  }

  /** Adds the value of an SSRC not in the table yet. */
  void put(long ssrc, T value) {
    int mask = keys.length - 1;
    int i = slot(ssrc, mask);
    while (values[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = ssrc;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  int size() {
    return size;
  }

  private static int slot(long ssrc, int mask) {
    long h = ssrc * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldValues[j] != null) {
        int i = slot(oldKeys[j], mask);
        while (values[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}
