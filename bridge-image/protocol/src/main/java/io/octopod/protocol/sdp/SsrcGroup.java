package io.octopod.protocol.sdp;

import java.util.ArrayList;
import java.util.List;

/** {@code a=ssrc-group:<semantics> <ssrc> ...} (RFC 5576 §4.2): FID (RTX), SIM (simulcast). */
public record SsrcGroup(String semantics, List<Long> ssrcs) {

  public SsrcGroup {
    ssrcs = List.copyOf(ssrcs);
  }

  static SsrcGroup parse(String value) {
    String[] parts = value.trim().split(" +");
    if (parts.length < 2) {
      throw new IllegalArgumentException("ssrc-group needs '<semantics> <ssrc> ...'");
    }
    List<Long> ssrcs = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      ssrcs.add(Numbers.unsigned32("ssrc", parts[i]));
    }
    return new SsrcGroup(parts[0], ssrcs);
  }

  public String value() {
    StringBuilder out = new StringBuilder(semantics);
    ssrcs.forEach(s -> out.append(' ').append(s));
    return out.toString();
  }
}
