package io.octopod.bridge.http;

import java.nio.charset.StandardCharsets;

/** An HTTP response: status, content type and body. */
public record Reply(int status, String contentType, byte[] body) {

  public static final String JSON = "application/json";

  public static Reply json(int status, String json) {
    return new Reply(status, JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  public static Reply empty(int status) {
    return new Reply(status, JSON, new byte[0]);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
