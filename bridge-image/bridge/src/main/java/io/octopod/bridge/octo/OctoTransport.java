package io.octopod.bridge.octo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.octopod.bridge.conference.Conference;
import io.octopod.bridge.conference.Conference.RemoteOutcome;
import io.octopod.bridge.conference.ConferenceRegistry;
import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.net.PacketSender;
import io.octopod.bridge.sfu.ConferenceRouter;
import io.octopod.bridge.sfu.OctoUplink;
import io.octopod.protocol.control.OctoConfig;
import io.octopod.protocol.octo.OctoAck;
import io.octopod.protocol.octo.OctoDelivery;
import io.octopod.protocol.octo.OctoFragment;
import io.octopod.protocol.octo.OctoHeader;
import io.octopod.protocol.octo.OctoInbox;
import io.octopod.protocol.octo.OctoSources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.SecretKey;

/**
 * This bridge's side of Octo: checks, opens and dispatches what arrives on the Octo port, and seals
 * what the conferences' routers send to their peer bridges. Every received datagram passes, in
 * order: the header check, the conference, the sending relay and its address, the key id, the
 * replay window and the GCM tag; a failure drops it and counts the reason. Nothing unauthenticated
 * reaches a router or a participant. Messages (kind 3, with acks as kind 4) go through each link's
 * message layer ({@link OctoLink}): fragmented, acknowledged, resent and delivered in order.
 *
 * <p>Runs on the media port's event loop, like the routers it feeds: {@link #received}, {@link
 * #tick}, the message timer and every send happen on that one thread; other threads hand work over
 * with {@link #execute}.
 */
public final class OctoTransport {

  private static final Logger LOG = Logger.getLogger(OctoTransport.class.getName());

  /**
   * Octo messages (sources, deliveries) are fragmented up to this size; larger ones are refused.
   */
  static final int MAX_MESSAGE_BYTES = OctoFragment.MAX_MESSAGE_BYTES;

  /**
   * How often, while a message awaits its ack or an ack is owed, the message timer runs: it sends
   * the owed acks (one covers every fragment that arrived meanwhile) and resends what timed out.
   * Idle links cost nothing: the timer is only armed while there is such work.
   */
  static final long MESSAGE_TIMER_MILLIS = 10;

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final PacketSender socket;
  private final ScheduledExecutorService loop;
  private final ConferenceRegistry conferences;
  private final Function<String, ConferenceRouter> routers;
  private final OctoCounters counters = new OctoCounters();
  private final OctoSealer sealer = new OctoSealer();
  private final OctoHeader header = new OctoHeader();
  private final OctoFragment fragment = new OctoFragment();
  private final OctoAck ack = new OctoAck();
  private final byte[] ackScratch = new byte[OctoInbox.MAX_ACK_LENGTH];
  private boolean messageTimerArmed;
  private final Map<String, OctoLink> links = new ConcurrentHashMap<>();
  private final byte[] scratch = new byte[OctoHeader.LENGTH + 1500 + OctoHeader.TAG_LENGTH];

  /**
   * @param socket the bound Octo port
   * @param loop the media event loop, which runs everything here
   * @param routers a conference's router by conference id, or null while it has no local
   *     participant
   */
  public OctoTransport(
      PacketSender socket,
      ScheduledExecutorService loop,
      ConferenceRegistry conferences,
      Function<String, ConferenceRouter> routers) {
    this.socket = socket;
    this.loop = loop;
    this.conferences = conferences;
    this.routers = routers;
  }

  public OctoCounters counters() {
    return counters;
  }

  /** The conference's Octo links, for its router to send on. */
  public OctoUplink uplink(Conference conference) {
    // get() first: computeIfAbsent's capturing lambda would allocate on every received packet.
    OctoLink link = links.get(conference.id());
    return link != null
        ? link
        : links.computeIfAbsent(conference.id(), id -> new OctoLink(conference, this));
  }

  /** Runs a task on the media event loop, where all Octo state lives. */
  public void execute(Runnable task) {
    loop.execute(task);
  }

  OctoSealer sealer() {
    return sealer;
  }

  byte[] scratch(int payload) {
    int needed = OctoHeader.LENGTH + payload + OctoHeader.TAG_LENGTH;
    return needed <= scratch.length ? scratch : new byte[needed];
  }

  OctoFragment fragmentView() {
    return fragment;
  }

  OctoAck ackView() {
    return ack;
  }

  byte[] ackScratch() {
    return ackScratch;
  }

  /** Makes sure the message timer runs soon (media loop only). */
  void armMessageTimer() {
    if (!messageTimerArmed) {
      messageTimerArmed = true;
      loop.schedule(this::serviceMessages, MESSAGE_TIMER_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void serviceMessages() {
    messageTimerArmed = false;
    long now = System.nanoTime();
    boolean waiting = false;
    for (OctoLink link : links.values()) {
      try {
        waiting |= link.serviceMessages(now);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Octo message timer failed for " + link.conference().id(), e);
      }
    }
    if (waiting) {
      armMessageTimer();
    }
  }

  void sendTo(byte[] datagram, int length, InetSocketAddress to) {
    counters.countSent(length);
    socket.send(datagram, 0, length, to);
  }

  /** One datagram from the Octo port (on the media loop; the bytes are valid during the call). */
  public void received(byte[] buf, int off, int len, InetSocketAddress from) {
    counters.countReceived(len);
    if (len > OctoHeader.MAX_DATAGRAM) {
      // The socket reads one byte more than a bridge ever sends, so this one was cut short.
      counters.countDrop(OctoDrop.OVERSIZED);
      return;
    }
    if (!header.wrap(buf, off, len)) {
      boolean otherVersion =
          len >= OctoHeader.LENGTH + OctoHeader.TAG_LENGTH
              && (buf[off] & 0xff) >>> 4 != OctoHeader.VERSION;
      counters.countDrop(otherVersion ? OctoDrop.UNSUPPORTED_VERSION : OctoDrop.MALFORMED);
      return;
    }
    Conference conference = conferences.byOctoId(header.conferenceId());
    if (conference == null || conference.octo() == null) {
      counters.countDrop(OctoDrop.UNKNOWN_CONFERENCE);
      return;
    }
    long now = System.nanoTime();
    OctoLink link = (OctoLink) uplink(conference);
    link.refresh(now);
    OctoLink.Peer peer = link.peer(header.relayId());
    if (peer == null) {
      counters.countDrop(OctoDrop.UNKNOWN_RELAY);
      return;
    }
    if (!peer.address.equals(from)) {
      counters.countDrop(OctoDrop.UNKNOWN_ADDRESS);
      return;
    }
    SecretKey key = link.openingKey(header.keyId());
    if (key == null) {
      counters.countDrop(OctoDrop.UNKNOWN_KEY);
      return;
    }
    long sequence = header.sequence();
    if (peer.replay.check(sequence) != io.octopod.bridge.replay.ReplayWindow.Verdict.NEW) {
      counters.countDrop(OctoDrop.REPLAYED);
      return;
    }
    // Read before opening: the fields are authenticated by the tag checked next.
    int kind = header.kind();
    int layer = header.layer();
    long endpoint = header.endpointId();
    int plain = sealer.open(key, buf, off, len);
    if (plain < 0) {
      counters.countDrop(OctoDrop.NOT_AUTHENTIC);
      return;
    }
    peer.replay.record(sequence);
    counters.countAccepted();
    int at = off + OctoHeader.LENGTH;
    ConferenceRouter router = routers.apply(conference.id());
    try {
      dispatch(kind, layer, endpoint, conference, link, router, peer, buf, at, plain, now);
    } catch (RuntimeException e) {
      // Authentic but unusable: a peer's bug must not stop this bridge's media loop.
      LOG.log(Level.WARNING, "Octo packet from relay " + peer.relayId + " not usable", e);
      counters.countDrop(OctoDrop.BAD_CONTENT);
    }
  }

  private void dispatch(
      int kind,
      int layer,
      long endpoint,
      Conference conference,
      OctoLink link,
      ConferenceRouter router,
      OctoLink.Peer peer,
      byte[] buf,
      int at,
      int plain,
      long now) {
    switch (kind) {
      case OctoHeader.KIND_RTP -> {
        if (router != null) {
          router.octoRtp(peer.relayNumber, endpoint, layer, buf, at, plain);
        }
      }
      case OctoHeader.KIND_RTCP -> {
        if (router != null) {
          router.octoRtcp(peer.relayNumber, endpoint, buf, at, plain);
        }
      }
      case OctoHeader.KIND_MESSAGE ->
          link.fragmentReceived(
              peer,
              buf,
              at,
              plain,
              now,
              message -> message(conference, link, router, peer, message, 0, message.length, now));
      default -> link.ackReceived(peer, buf, at, plain, now);
    }
  }

  /** A whole message from a peer, reassembled and in order. */
  private void message(
      Conference conference,
      OctoLink link,
      ConferenceRouter router,
      OctoLink.Peer peer,
      byte[] buf,
      int off,
      int len,
      long now) {
    JsonNode tree;
    try {
      tree = JSON.readTree(new String(buf, off, len, StandardCharsets.UTF_8));
      String type = tree == null ? "" : tree.path("type").asText("");
      switch (type) {
        case OctoSources.TYPE -> {
          if (router != null) {
            OctoSources sources = JSON.treeToValue(tree, OctoSources.class);
            router.remoteSources(peer.relayNumber, sources.endpoints(), link, now);
          }
        }
        case OctoDelivery.TYPE -> deliver(conference, JSON.treeToValue(tree, OctoDelivery.class));
        default -> counters.countDrop(OctoDrop.BAD_CONTENT);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "unreadable Octo message from relay " + peer.relayId, e);
      counters.countDrop(OctoDrop.BAD_CONTENT);
    }
  }

  /** A bridge-channel message from a participant on another bridge, for local participants. */
  private void deliver(Conference conference, OctoDelivery delivery) {
    if (delivery.payload() == null) {
      counters.countDrop(OctoDrop.BAD_CONTENT);
      return;
    }
    if (delivery.to() == null) {
      for (Endpoint endpoint : conference.endpoints()) {
        endpoint.sendToClient(delivery.payload());
      }
      return;
    }
    Endpoint endpoint = conference.endpoint(delivery.to());
    if (endpoint != null) {
      endpoint.sendToClient(delivery.payload());
    }
  }

  /**
   * Hands a bridge-channel message to the conference's other bridges (from any thread), which
   * receive it reliably and in order unless the link stays down for seconds.
   *
   * @param to the recipient, or null for every participant
   * @return {@code SENT} once queued for every peer; {@code NOT_FOUND} when the conference has no
   *     Octo peers or {@code to} is on none of them; {@code TOO_LARGE} when the message would
   *     exceed {@value #MAX_MESSAGE_BYTES} bytes
   */
  public RemoteOutcome deliverRemotely(Conference conference, String to, String payload) {
    OctoConfig octo = conference.octo();
    if (octo == null || octo.relays().isEmpty()) {
      return RemoteOutcome.NOT_FOUND;
    }
    ConferenceRouter router = routers.apply(conference.id());
    boolean known =
        to == null
            || octo.remoteEndpoints().stream().anyMatch(e -> e.endpointId().equals(to))
            || (router != null && router.remoteParticipants().contains(to));
    if (!known) {
      return RemoteOutcome.NOT_FOUND;
    }
    byte[] message = write(OctoDelivery.of(to, payload));
    if (message.length > MAX_MESSAGE_BYTES) {
      counters.countMessageRefused();
      LOG.log(
          Level.FINE,
          "refused an Octo delivery of {0} bytes (limit {1})",
          new Object[] {message.length, MAX_MESSAGE_BYTES});
      return RemoteOutcome.TOO_LARGE;
    }
    OctoLink link = (OctoLink) uplink(conference);
    execute(() -> link.sendMessage(OctoUplink.ALL_RELAYS, message, false, System.nanoTime()));
    return RemoteOutcome.SENT;
  }

  /**
   * Every half second, on the media loop: each conference with peers lists its local participants
   * to them, and drops remote participants whose bridge went quiet or left the configuration.
   */
  public void tick() {
    try {
      announceAndExpire();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log, and keep the next ticks coming.
      LOG.log(Level.WARNING, "Octo tick failed", e);
    }
  }

  private void announceAndExpire() {
    long now = System.nanoTime();
    links.values().removeIf(link -> conferences.conference(link.conference().id()) == null);
    for (OctoLink link : links.values()) {
      link.refresh(now);
      ConferenceRouter router = routers.apply(link.conference().id());
      if (router == null) {
        continue;
      }
      router.expireRemote(link.peerNumbers(), now);
      if (!link.hasPeers()) {
        continue;
      }
      // Sent reliably like every message, and again each tick: the periodic copy is also the
      // liveness signal that keeps the peer's remote participants from expiring. Urgent: it
      // goes before participants' messages waiting for room, and replaces its own older copy.
      byte[] message = write(OctoSources.of(router.localSources()));
      if (message.length <= MAX_MESSAGE_BYTES) {
        link.sendMessage(OctoUplink.ALL_RELAYS, message, true, now);
      } else {
        counters.countMessageRefused();
        LOG.log(
            Level.WARNING,
            "sources of conference {0} are {1} bytes, over the Octo message limit",
            new Object[] {link.conference().id(), message.length});
      }
    }
  }

  private static byte[] write(Object message) {
    try {
      return JSON.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new IllegalStateException("can't write " + message, e);
    }
  }
}
