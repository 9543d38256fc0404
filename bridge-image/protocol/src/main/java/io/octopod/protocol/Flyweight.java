package io.octopod.protocol;

/**
 * The common part of every packet view in this module: a window {@code [offset, offset + length)}
 * on a caller's {@code byte[]}, and why the last {@code wrap} refused its bytes. A view is reused
 * packet after packet, so wrapping allocates nothing; the reason is always a constant string.
 */
public abstract class Flyweight {

  public static final String BAD_BOUNDS = "offset and length are outside the buffer";

  protected byte[] buffer;
  protected int offset;
  protected int length;
  private String invalidReason;

  /**
   * Starts a wrap: forgets the previous packet and checks the window lies in the array.
   *
   * @return false (with {@link #BAD_BOUNDS}) when it does not
   */
  protected final boolean beginWrap(byte[] buffer, int offset, int length) {
    this.buffer = null;
    if (buffer == null || !Bytes.inBounds(buffer.length, offset, length)) {
      return reject(BAD_BOUNDS);
    }
    return true;
  }

  /** Ends a successful wrap: the view now reads this window. */
  protected final boolean accept(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.invalidReason = null;
    return true;
  }

  protected final boolean reject(String reason) {
    this.buffer = null;
    this.invalidReason = reason;
    return false;
  }

  /** Why the last wrap failed; null after a successful one. A constant: no allocation. */
  public final String invalidReason() {
    return invalidReason;
  }

  public final byte[] buffer() {
    return buffer;
  }

  public final int offset() {
    return offset;
  }

  public final int length() {
    return length;
  }
}
