package io.octopod.protocol.stun;

import java.util.List;

/** Lets tests in other packages use the RFC 5769 vectors as seeds. */
public final class Rfc5769Access {

  private Rfc5769Access() {}

  public static List<byte[]> vectors() {
    return List.of(
        Rfc5769Vectors.REQUEST, Rfc5769Vectors.IPV4_RESPONSE, Rfc5769Vectors.IPV6_RESPONSE);
  }
}
