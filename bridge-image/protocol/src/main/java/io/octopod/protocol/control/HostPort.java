package io.octopod.protocol.control;

/**
 * A {@code host:port} pair as the control API writes addresses; an IPv6 host is bracketed ({@code
 * [2001:db8::1]:4096}).
 */
public record HostPort(String host, int port) {

  /** Parses {@code value}, throwing a 400 that names {@code what} when it is not host:port. */
  public static HostPort parse(String what, String value) {
    if (value == null || value.isBlank()) {
      throw ControlApiException.badRequest(what + " must be host:port, got nothing");
    }
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw ControlApiException.badRequest(what + " must be host:port, got '" + value + "'");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw ControlApiException.badRequest(
          what + " must bracket an IPv6 host as [addr]:port, got '" + value + "'");
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw ControlApiException.badRequest(
          what + " has a port that is not a number: '" + value + "'");
    }
    if (port < 1 || port > 65535 || host.isEmpty()) {
      throw ControlApiException.badRequest(
          what + " must be host:port with port 1-65535, got '" + value + "'");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
