package io.octopod.bridge.srtp;

/**
 * The receiver's replay list (RFC 3711 §3.3.2): the highest index accepted and a 64-packet bitmap
 * behind it. Checking does not change it; only a packet that authenticated is recorded, so a forged
 * packet can't move the window.
 */
final class ReplayWindow {

  static final int SIZE = 64;

  enum Verdict {
    NEW,
    REPLAYED,
    TOO_OLD
  }

  private long highest = -1;
  private long bitmap;

  Verdict check(long index) {
    if (highest < 0 || index > highest) {
      return Verdict.NEW;
    }
    long behind = highest - index;
    if (behind >= SIZE) {
      return Verdict.TOO_OLD;
    }
    return (bitmap & (1L << behind)) != 0 ? Verdict.REPLAYED : Verdict.NEW;
  }

  void record(long index) {
    if (highest < 0) {
      highest = index;
      bitmap = 1;
    } else if (index > highest) {
      long shift = index - highest;
      bitmap = shift >= SIZE ? 1 : (bitmap << shift) | 1;
      highest = index;
    } else {
      bitmap |= 1L << (highest - index);
    }
  }
}
