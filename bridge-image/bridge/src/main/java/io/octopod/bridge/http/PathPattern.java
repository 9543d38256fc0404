package io.octopod.bridge.http;

import java.util.HashMap;
import java.util.Map;

/**
 * A path with named segments, {@code /colibri/conferences/{conferenceId}}. A segment value must be
 * non-empty and is never decoded, so a parameter can't contain a {@code /}.
 */
public final class PathPattern {

  private final String[] segments;

  public PathPattern(String pattern) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("pattern must start with /: " + pattern);
    }
    this.segments = pattern.substring(1).split("/", -1);
  }

  /** The parameters when {@code path} matches, else null. */
  public Map<String, String> match(String path) {
    if (!path.startsWith("/")) {
      return null;
    }
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length != segments.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String segment = segments[i];
      if (segment.startsWith("{") && segment.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(segment.substring(1, segment.length() - 1), parts[i]);
      } else if (!segment.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }

  @Override
  public String toString() {
    return "/" + String.join("/", segments);
  }
}
