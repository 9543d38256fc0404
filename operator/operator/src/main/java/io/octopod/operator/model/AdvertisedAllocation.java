package io.octopod.operator.model;

import io.octopod.protocol.control.EndpointAllocation;
import java.net.URI;

/**
 * An allocation as a participant must see it: the bridge answers with its own view of where it is
 * (its pod address and its media port), but the participant reaches it where the pool's exposure
 * mode says, a node address and NodePort, a fixed public address, or a relay in front of it. So the
 * answer's host candidates and the bridge channel URL's host are rewritten to the bridge's
 * advertised media address; everything else, ICE credentials and fingerprints included, is
 * untouched.
 */
public final class AdvertisedAllocation {

  private AdvertisedAllocation() {}

  /**
   * @param mediaAddress host:port the pool advertises for the bridge's media, or null to keep the
   *     allocation as the bridge gave it
   */
  public static EndpointAllocation rewrite(EndpointAllocation allocation, String mediaAddress) {
    if (mediaAddress == null || allocation.answer() == null) {
      return allocation;
    }
    int colon = mediaAddress.lastIndexOf(':');
    String host = mediaAddress.substring(0, colon);
    String port = mediaAddress.substring(colon + 1);
    EndpointAllocation.BridgeChannel channel = allocation.bridgeChannel();
    if (channel != null) {
      URI url = URI.create(channel.url());
      String rewritten = url.getScheme() + "://" + host + ":" + url.getPort() + url.getRawPath();
      channel = new EndpointAllocation.BridgeChannel(rewritten, channel.token());
    }
    return new EndpointAllocation(
        allocation.endpointId(), answer(allocation.answer(), host, port), channel);
  }

  /** Rewrites the address and port of every host candidate line (RFC 8839 candidate-attribute). */
  static String answer(String sdp, String host, String port) {
    StringBuilder out = new StringBuilder(sdp.length());
    for (String line : sdp.split("\r\n", -1)) {
      if (out.length() > 0) {
        out.append("\r\n");
      }
      out.append(line.startsWith("a=candidate:") ? candidate(line, host, port) : line);
    }
    return out.toString();
  }

  // a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
  private static String candidate(String line, String host, String port) {
    String[] f = line.split(" ");
    if (f.length < 8 || !"typ".equals(f[6]) || !"host".equals(f[7])) {
      return line;
    }
    f[4] = host;
    f[5] = port;
    return String.join(" ", f);
  }
}
