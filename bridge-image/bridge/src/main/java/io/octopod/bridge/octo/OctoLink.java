package io.octopod.bridge.octo;

import io.octopod.bridge.conference.Conference;
import io.octopod.bridge.replay.ReplayWindow;
import io.octopod.bridge.sfu.OctoUplink;
import io.octopod.protocol.control.HostPort;
import io.octopod.protocol.control.OctoConfig;
import io.octopod.protocol.control.OctoKey;
import io.octopod.protocol.control.OctoRelay;
import io.octopod.protocol.octo.OctoAck;
import io.octopod.protocol.octo.OctoFragment;
import io.octopod.protocol.octo.OctoHeader;
import io.octopod.protocol.octo.OctoInbox;
import io.octopod.protocol.octo.OctoOutbox;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One conference's Octo links from this bridge: its keys, its peers with their addresses and replay
 * windows, and its send sequence. Follows the conference's Octo configuration as the control API
 * replaces it. Used on the media thread only.
 */
final class OctoLink implements OctoUplink, OctoOutbox.Events {

  private static final Logger LOG = Logger.getLogger(OctoLink.class.getName());

  /**
   * Packets reordered further than this on a link are dropped as too old. Octo carries every stream
   * of a conference, so the window is wider than SRTP's 64.
   */
  static final int REPLAY_WINDOW = 1024;

  /**
   * A new key seals only once it has been known this long, and the previous one until then: the
   * operator updates a conference's bridges one after another, and a peer must hold a key before it
   * receives packets sealed with it. Rotation thus loses nothing without any ordering between
   * bridges.
   */
  static final long KEY_ADOPTION_NANOS =
      Long.getLong("octopod.octo.keyAdoptionMillis", 2_000L) * 1_000_000L;

  /** A peer bridge of this conference. */
  static final class Peer {
    final long relayNumber;
    final String relayId;
    final InetSocketAddress address;
    final ReplayWindow replay = new ReplayWindow(REPLAY_WINDOW);
    final OctoInbox inbox = new OctoInbox();

    /**
     * Message numbers start at the wall clock in microseconds, so a restarted bridge (or a new
     * link) continues above what the peer has seen and the peer never takes them for resends.
     */
    final OctoOutbox outbox = new OctoOutbox(System.currentTimeMillis() * 1000L);

    Peer(long relayNumber, String relayId, InetSocketAddress address) {
      this.relayNumber = relayNumber;
      this.relayId = relayId;
      this.address = address;
    }
  }

  private final Conference conference;
  private final OctoTransport transport;
  private OctoConfig config;
  private Map<Long, Peer> peers = Map.of();
  private int currentKeyId = -1;
  private SecretKey currentKey;
  private int previousKeyId = -1;
  private SecretKey previousKey;
  private long currentKeySince = Long.MIN_VALUE / 2;

  /**
   * Starts above any sequence an earlier run of this bridge used (microseconds since the epoch,
   * times 2,048), so a restarted bridge never repeats a nonce under a key it used before.
   */
  private long sequence = System.currentTimeMillis() * 1000L << 11;

  OctoLink(Conference conference, OctoTransport transport) {
    this.conference = conference;
    this.transport = transport;
  }

  Conference conference() {
    return conference;
  }

  /** Picks up a new Octo configuration, keeping the replay windows of peers that stay. */
  void refresh(long now) {
    OctoConfig latest = conference.octo();
    if (latest == config) {
      return;
    }
    OctoConfig before = config;
    config = latest;
    if (latest == null) {
      peers = Map.of();
      currentKey = previousKey = null;
      currentKeyId = previousKeyId = -1;
      return;
    }
    Map<Long, Peer> next = new HashMap<>();
    for (OctoRelay relay : latest.relays()) {
      Peer old = peers.get((long) relay.relayNumber());
      HostPort hp = HostPort.parse("octo.relays[].address", relay.address());
      InetSocketAddress address = new InetSocketAddress(hp.host(), hp.port());
      if (old != null && old.address.equals(address) && old.relayId.equals(relay.relayId())) {
        next.put(old.relayNumber, old);
      } else {
        next.put(
            (long) relay.relayNumber(), new Peer(relay.relayNumber(), relay.relayId(), address));
      }
    }
    peers = next;
    OctoKey key = latest.key();
    if (key.keyId() != currentKeyId) {
      // A first configuration seals with its key at once; a rotation waits for the peers.
      currentKeySince = before == null ? Long.MIN_VALUE / 2 : now;
    }
    currentKeyId = key.keyId();
    currentKey = new SecretKeySpec(key.keyBytes("octo.key"), "AES");
    OctoKey previous = latest.previousKey();
    previousKeyId = previous == null ? -1 : previous.keyId();
    previousKey =
        previous == null ? null : new SecretKeySpec(previous.keyBytes("octo.previousKey"), "AES");
  }

  Peer peer(long relayNumber) {
    return peers.get(relayNumber);
  }

  java.util.Set<Long> peerNumbers() {
    return peers.keySet();
  }

  /** The key that opens packets sealed under {@code keyId}, or null. */
  SecretKey openingKey(int keyId) {
    if (keyId == currentKeyId) {
      return currentKey;
    }
    return keyId == previousKeyId ? previousKey : null;
  }

  @Override
  public boolean hasPeers() {
    refresh(System.nanoTime());
    return !peers.isEmpty();
  }

  @Override
  public void send(
      long relayNumber,
      int kind,
      int mediaType,
      int layer,
      long endpointNumber,
      byte[] buf,
      int off,
      int len) {
    long now = System.nanoTime();
    refresh(now);
    if (config == null) {
      return;
    }
    boolean adopting = previousKey != null && now - currentKeySince < KEY_ADOPTION_NANOS;
    SecretKey key = adopting ? previousKey : currentKey;
    int keyId = adopting ? previousKeyId : currentKeyId;
    for (Peer peer : peers.values()) {
      if (relayNumber != ALL_RELAYS && peer.relayNumber != relayNumber) {
        continue;
      }
      seal(peer, key, keyId, kind, mediaType, layer, endpointNumber, buf, off, len);
    }
  }

  /** Seals one datagram for one peer and sends it. */
  private void seal(
      Peer peer,
      SecretKey key,
      int keyId,
      int kind,
      int mediaType,
      int layer,
      long endpointNumber,
      byte[] buf,
      int off,
      int len) {
    byte[] out = transport.scratch(len);
    OctoHeader.write(
        out,
        0,
        kind,
        mediaType,
        layer,
        keyId,
        conference.octoConferenceId(),
        endpointNumber,
        config.localRelayNumber(),
        ++sequence);
    System.arraycopy(buf, off, out, OctoHeader.LENGTH, len);
    try {
      int sealed = transport.sealer().seal(key, out, 0, OctoHeader.LENGTH + len);
      transport.sendTo(out, sealed, peer.address);
    } catch (GeneralSecurityException e) {
      LOG.log(Level.WARNING, "could not seal an Octo packet for " + peer.relayId, e);
    }
  }

  /** Seals a message fragment or an ack for a peer, under the key {@link #send} would use. */
  private void sealMessage(Peer peer, int kind, byte[] buf, int off, int len, long now) {
    if (config == null) {
      return;
    }
    boolean adopting = previousKey != null && now - currentKeySince < KEY_ADOPTION_NANOS;
    seal(
        peer,
        adopting ? previousKey : currentKey,
        adopting ? previousKeyId : currentKeyId,
        kind,
        OctoHeader.MEDIA_NONE,
        OctoHeader.NO_LAYER,
        0,
        buf,
        off,
        len);
  }

  /**
   * Hands a message to every peer's outbox (or one peer's): fragmented, sent, and resent until
   * acked.
   *
   * @param message 1 to {@link OctoFragment#MAX_MESSAGE_BYTES} bytes
   * @param urgent this bridge's periodic state: goes before waiting messages, replacing an older
   *     copy still waiting
   * @return the peers it was queued for
   */
  int sendMessage(long relayNumber, byte[] message, boolean urgent, long now) {
    refresh(now);
    if (config == null) {
      return 0;
    }
    int queued = 0;
    for (Peer peer : peers.values()) {
      if (relayNumber != ALL_RELAYS && peer.relayNumber != relayNumber) {
        continue;
      }
      peer.outbox.send(message, urgent, now, fragmentsTo(peer, now), this);
      transport.counters().countMessageSent();
      queued++;
    }
    if (queued > 0) {
      transport.armMessageTimer();
    }
    return queued;
  }

  /**
   * An authentic message fragment from a peer: reassembled, and every message it completes handed
   * to {@code deliver} in order. Acks at once when a message completes or a resend crossed an ack;
   * otherwise on the next timer run, so one ack covers a burst of fragments.
   */
  void fragmentReceived(
      Peer peer, byte[] buf, int off, int len, long now, Consumer<byte[]> deliver) {
    OctoCounters counters = transport.counters();
    OctoFragment fragment = transport.fragmentView();
    if (!fragment.wrap(buf, off, len)) {
      counters.countDrop(OctoDrop.BAD_FRAGMENT);
      return;
    }
    OctoInbox.Verdict verdict = peer.inbox.receive(fragment);
    switch (verdict) {
      case ADDED -> {}
      case DUPLICATE -> counters.countDrop(OctoDrop.DUPLICATE_FRAGMENT);
      case OUT_OF_WINDOW -> counters.countDrop(OctoDrop.OUT_OF_WINDOW);
      case INCONSISTENT -> counters.countDrop(OctoDrop.INCONSISTENT_FRAGMENT);
      case FULL -> counters.countDrop(OctoDrop.REASSEMBLY_FULL);
    }
    boolean completed = false;
    byte[] message;
    while ((message = peer.inbox.poll()) != null) {
      completed = true;
      counters.countMessageReceived();
      deliver.accept(message);
    }
    if (completed || verdict == OctoInbox.Verdict.DUPLICATE) {
      sendAck(peer, now);
    } else {
      transport.armMessageTimer();
    }
  }

  private OctoOutbox.Wire fragmentsTo(Peer peer, long now) {
    return (b, o, l) -> sealMessage(peer, OctoHeader.KIND_MESSAGE, b, o, l, now);
  }

  private void sendAck(Peer peer, long now) {
    byte[] ack = transport.ackScratch();
    int len = peer.inbox.writeAck(ack, 0);
    sealMessage(peer, OctoHeader.KIND_ACK, ack, 0, len, now);
    transport.counters().countAckSent();
  }

  /** An authentic ack from a peer: what it holds of the messages sent to it. */
  void ackReceived(Peer peer, byte[] buf, int off, int len, long now) {
    OctoCounters counters = transport.counters();
    counters.countAckReceived();
    OctoAck ack = transport.ackView();
    if (!ack.wrap(buf, off, len) || !peer.outbox.acked(ack, now, this)) {
      counters.countDrop(OctoDrop.BAD_ACK);
      return;
    }
    peer.outbox.sendWaiting(now, fragmentsTo(peer, now));
  }

  /**
   * On the message timer: sends the acks that are due and resends what was not acked in time.
   *
   * @return whether anything is still waiting (an unacked message)
   */
  boolean serviceMessages(long now) {
    refresh(now);
    boolean waiting = false;
    for (Peer peer : peers.values()) {
      if (peer.inbox.ackPending()) {
        sendAck(peer, now);
      }
      if (peer.outbox.pending()) {
        peer.outbox.resendDue(now, fragmentsTo(peer, now), this);
        waiting |= peer.outbox.pending();
      }
    }
    return waiting;
  }

  @Override
  public void acked(int messages) {
    transport.counters().countMessagesAcked(messages);
  }

  @Override
  public void resent(int fragments) {
    transport.counters().countFragmentsResent(fragments);
  }

  @Override
  public void abandoned(int messages) {
    transport.counters().countMessagesAbandoned(messages);
  }

  @Override
  public void repairCounted(int nacksSent, int nacksReceived, int retransmitted, int cacheMisses) {
    OctoCounters counters = transport.counters();
    counters.countNacksSent(nacksSent);
    counters.countNacksReceived(nacksReceived);
    for (int i = 0; i < retransmitted; i++) {
      counters.countRetransmitted();
    }
    for (int i = 0; i < cacheMisses; i++) {
      counters.countCacheMiss();
    }
  }
}
