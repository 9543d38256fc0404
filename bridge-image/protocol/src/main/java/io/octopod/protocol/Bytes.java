package io.octopod.protocol;

/**
 * Big-endian (network order) reads and writes on {@code byte[]}, the one buffer type every codec in
 * this module works on. Callers check bounds before calling; these helpers do not, because they sit
 * on the per-packet path and the JIT folds them into single loads and stores.
 */
public final class Bytes {

  private Bytes() {}

  public static int u8(byte[] b, int at) {
    return b[at] & 0xff;
  }

  public static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  public static int u24(byte[] b, int at) {
    return ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
  }

  /** An unsigned 32-bit value, widened to {@code long} so that it never goes negative. */
  public static long u32(byte[] b, int at) {
    return i32(b, at) & 0xffff_ffffL;
  }

  public static int i32(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  public static long i64(byte[] b, int at) {
    return ((long) i32(b, at) << 32) | (i32(b, at + 4) & 0xffff_ffffL);
  }

  public static void putU8(byte[] b, int at, int value) {
    b[at] = (byte) value;
  }

  public static void putU16(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 8);
    b[at + 1] = (byte) value;
  }

  public static void putU24(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 16);
    b[at + 1] = (byte) (value >>> 8);
    b[at + 2] = (byte) value;
  }

  public static void putI32(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 24);
    b[at + 1] = (byte) (value >>> 16);
    b[at + 2] = (byte) (value >>> 8);
    b[at + 3] = (byte) value;
  }

  /** Writes the low 32 bits of {@code value}; RTP SSRCs and timestamps are kept as longs. */
  public static void putU32(byte[] b, int at, long value) {
    putI32(b, at, (int) value);
  }

  public static void putI64(byte[] b, int at, long value) {
    putI32(b, at, (int) (value >>> 32));
    putI32(b, at + 4, (int) value);
  }

  /** Whether {@code [offset, offset + length)} lies inside an array of {@code capacity} bytes. */
  public static boolean inBounds(int capacity, int offset, int length) {
    return offset >= 0 && length >= 0 && offset <= capacity - length;
  }
}
