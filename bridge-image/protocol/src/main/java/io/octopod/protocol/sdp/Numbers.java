package io.octopod.protocol.sdp;

/** Number parsing for SDP fields, with messages that say which field was wrong. */
final class Numbers {

  private Numbers() {}

  static int payloadType(String text) {
    int pt = integer("payload type", text);
    if (pt < 0 || pt > 127) {
      throw new IllegalArgumentException("payload type must be 0-127, got " + text);
    }
    return pt;
  }

  static int positive(String what, String text) {
    int value = integer(what, text);
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be positive, got " + text);
    }
    return value;
  }

  static int integer(String what, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a number: '" + text + "'");
    }
  }

  static long unsigned32(String what, String text) {
    try {
      long value = Long.parseLong(text);
      if (value < 0 || value > 0xffff_ffffL) {
        throw new IllegalArgumentException(what + " must be a 32-bit unsigned number, got " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a number: '" + text + "'");
    }
  }
}
