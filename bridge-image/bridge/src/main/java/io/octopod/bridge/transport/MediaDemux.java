package io.octopod.bridge.transport;

import io.octopod.bridge.ice.IceLiteAgent;
import io.octopod.bridge.net.PacketSender;
import io.octopod.bridge.net.PacketSink;
import io.octopod.protocol.demux.Demultiplexer;
import io.octopod.protocol.stun.StunAttribute;
import io.octopod.protocol.stun.StunMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes every datagram of the shared media port to its endpoint: by remote address once known, and
 * for a new address by the STUN USERNAME's local ufrag of its first binding request (RFC 8445
 * §7.2.2). Classification follows RFC 7983. Anything unroutable is dropped and counted. Runs on the
 * port's single event-loop thread.
 */
public final class MediaDemux implements PacketSink {

  private final Map<String, EndpointTransport> byUfrag = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, EndpointTransport> byAddress = new ConcurrentHashMap<>();
  private final PacketSender sender;
  private final TransportCounters counters;
  private final StunMessage stun = new StunMessage();
  private final byte[] response = new byte[256];

  public MediaDemux(PacketSender sender, TransportCounters counters) {
    this.sender = sender;
    this.counters = counters;
  }

  public void add(EndpointTransport endpoint) {
    byUfrag.put(endpoint.ice().localUfrag(), endpoint);
  }

  /**
   * Restarts ICE on an endpoint: it gets new credentials (for the new answer) and its old addresses
   * are forgotten, so only checks with the new credentials route to it again.
   */
  public IceLiteAgent restartIce(EndpointTransport endpoint) {
    byUfrag.remove(endpoint.ice().localUfrag(), endpoint);
    byAddress.values().removeIf(e -> e == endpoint);
    IceLiteAgent fresh = endpoint.restartIce();
    byUfrag.put(fresh.localUfrag(), endpoint);
    return fresh;
  }

  public void remove(EndpointTransport endpoint) {
    byUfrag.remove(endpoint.ice().localUfrag(), endpoint);
    byAddress.values().removeIf(e -> e == endpoint);
    endpoint.close();
  }

  public TransportCounters counters() {
    return counters;
  }

  @Override
  public void received(byte[] buf, int off, int len, InetSocketAddress from) {
    switch (Demultiplexer.classify(buf, off, len)) {
      case STUN -> onStun(buf, off, len, from);
      case DTLS -> {
        EndpointTransport e = byAddress.get(from);
        if (e == null) {
          counters.unknownSource.increment();
        } else {
          e.onDtls(buf, off, len, from);
        }
      }
      case RTP -> {
        EndpointTransport e = byAddress.get(from);
        if (e == null) {
          counters.unknownSource.increment();
        } else {
          e.onRtp(buf, off, len);
        }
      }
      case RTCP -> {
        EndpointTransport e = byAddress.get(from);
        if (e == null) {
          counters.unknownSource.increment();
        } else {
          e.onRtcp(buf, off, len);
        }
      }
      default -> counters.unknownKind.increment();
    }
  }

  private void onStun(byte[] buf, int off, int len, InetSocketAddress from) {
    if (!stun.wrap(buf, off, len)) {
      counters.malformedStun.increment();
      return;
    }
    EndpointTransport endpoint = byAddress.get(from);
    if (endpoint == null || !endpoint.ice().addressedToMe(stun)) {
      endpoint = byUfrag.get(localUfrag());
    }
    if (endpoint == null) {
      counters.stunForNoEndpoint.increment();
      return;
    }
    IceLiteAgent.Outcome outcome = endpoint.ice().handle(stun, from, response);
    switch (outcome) {
      case ANSWERED -> {
        byAddress.put(from, endpoint);
        sender.send(response, 0, endpoint.ice().responseLength(), from);
      }
      case BAD_INTEGRITY -> {
        counters.stunBadIntegrity.increment();
        sender.send(response, 0, endpoint.ice().responseLength(), from);
      }
      case REPLAYED -> counters.stunReplayRefused.increment();
      default -> counters.stunForNoEndpoint.increment();
    }
  }

  /** The USERNAME's part before the colon: the ufrag of the endpoint the request is for. */
  private String localUfrag() {
    int at = stun.find(StunAttribute.USERNAME);
    if (at < 0) {
      return "";
    }
    int end = at;
    while (end < at + stun.valueLength() && stun.buffer()[end] != ':') {
      end++;
    }
    return new String(stun.buffer(), at, end - at, StandardCharsets.US_ASCII);
  }
}
