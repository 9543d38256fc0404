package io.octopod.protocol.sdp;

/** Media direction attributes (RFC 8866 §6.7). */
public enum Direction {
  SENDRECV("sendrecv"),
  SENDONLY("sendonly"),
  RECVONLY("recvonly"),
  INACTIVE("inactive");

  private final String attribute;

  Direction(String attribute) {
    this.attribute = attribute;
  }

  public String attribute() {
    return attribute;
  }

  /** The direction the other side answers with (RFC 3264 §6.1). */
  public Direction reversed() {
    return switch (this) {
      case SENDONLY -> RECVONLY;
      case RECVONLY -> SENDONLY;
      default -> this;
    };
  }

  public static Direction fromAttribute(String name) {
    for (Direction d : values()) {
      if (d.attribute.equals(name)) {
        return d;
      }
    }
    return null;
  }
}
