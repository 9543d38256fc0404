package io.octopod.protocol.sdp;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code a=fmtp:<pt> <parameters>} (RFC 8866 §6.15). */
public record Fmtp(int payloadType, String parameters) {

  static Fmtp parse(String value) {
    String[] parts = value.split(" ", 2);
    return new Fmtp(Numbers.payloadType(parts[0]), parts.length == 2 ? parts[1] : "");
  }

  /** {@code key=value;key=value} parameters as a map; a value-less token maps to "". */
  public Map<String, String> parameterMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String item : parameters.split(";")) {
      String trimmed = item.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      map.put(eq < 0 ? trimmed : trimmed.substring(0, eq), eq < 0 ? "" : trimmed.substring(eq + 1));
    }
    return map;
  }

  public String value() {
    return payloadType + " " + parameters;
  }
}
