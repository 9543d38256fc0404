package io.octopod.bridge.http;

import java.util.Map;

/** A request as a route handler sees it: path parameters and the body, already read whole. */
public record ApiRequest(String method, String path, Map<String, String> params, byte[] body) {

  public String param(String name) {
    return params.get(name);
  }
}
