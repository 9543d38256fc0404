package io.octopod.bridge.transport;

import io.octopod.bridge.dtls.DtlsHandshakes;
import io.octopod.bridge.dtls.DtlsIdentity;
import io.octopod.bridge.dtls.QueueDatagramTransport;
import io.octopod.bridge.dtls.SrtpKeyingResult;
import io.octopod.bridge.ice.IceLiteAgent;
import io.octopod.bridge.net.PacketSender;
import io.octopod.bridge.srtp.SrtpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One endpoint's WebRTC transport on the shared port: its ICE-lite agent, its DTLS-SRTP handshake
 * (run on the handshake executor, never on the packet thread) and then its SRTP session. The bridge
 * is the DTLS server ({@code a=setup:passive}).
 */
public final class EndpointTransport {

  private static final Logger LOG = Logger.getLogger(EndpointTransport.class.getName());

  /** What the endpoint is doing. */
  public enum State {
    NEW,
    HANDSHAKING,
    CONNECTED,
    FAILED
  }

  private final String id;
  private volatile IceLiteAgent ice;
  private final DtlsIdentity identity;
  private final String remoteFingerprint;
  private final PacketSender sender;
  private final Executor handshakes;
  private final MediaListener listener;
  private final TransportCounters counters;
  private volatile State state = State.NEW;
  private volatile QueueDatagramTransport dtls;
  private volatile SrtpSession srtp;
  private volatile InetSocketAddress dtlsPeer;
  private long[] signalledSsrcs = new long[0]; // guarded by this

  public EndpointTransport(
      String id,
      IceLiteAgent ice,
      DtlsIdentity identity,
      String remoteFingerprint,
      PacketSender sender,
      Executor handshakes,
      MediaListener listener,
      TransportCounters counters) {
    this.id = id;
    this.ice = ice;
    this.identity = identity;
    this.remoteFingerprint = remoteFingerprint;
    this.sender = sender;
    this.handshakes = handshakes;
    this.listener = listener;
    this.counters = counters;
  }

  public String id() {
    return id;
  }

  public IceLiteAgent ice() {
    return ice;
  }

  /**
   * ICE restart (RFC 8445 §9): new local credentials; the DTLS association and SRTP keys stay. The
   * endpoint may then nominate a new address (a browser that changed network).
   */
  IceLiteAgent restartIce() {
    ice = new IceLiteAgent(System::nanoTime);
    return ice;
  }

  public State state() {
    return state;
  }

  /**
   * Uses SRTP keys agreed elsewhere and sends to {@code peer}, skipping ICE and DTLS: for the load
   * generator and benchmarks that key both sides themselves.
   */
  public void useSession(SrtpSession session, InetSocketAddress peer) {
    adopt(session);
    this.dtlsPeer = peer;
    this.state = State.CONNECTED;
  }

  /**
   * The SSRCs the endpoint's latest offer signalled, which its session accepts without limit (see
   * SrtpSession). Locked with {@link #adopt}, so an offer racing the handshake reaches the session.
   */
  public synchronized void signalledSsrcs(long[] ssrcs) {
    signalledSsrcs = ssrcs.clone();
    if (srtp != null) {
      srtp.limitToSignalledSsrcs(ssrcs);
    }
  }

  /**
   * Counts into the bridge's total and limits the SSRCs (to the signalled ones and a few, none
   * signalled yet) before any packet reaches the session.
   */
  private synchronized void adopt(SrtpSession session) {
    session.counters().alsoCountInto(counters.srtp());
    session.limitToSignalledSsrcs(signalledSsrcs);
    srtp = session;
  }

  /** The SRTP session once DTLS completed, else null. */
  public SrtpSession srtp() {
    return srtp;
  }

  void onDtls(byte[] buf, int off, int len, InetSocketAddress from) {
    if (!ice.known(from)) {
      counters.dtlsFromUnknownAddress.increment();
      return;
    }
    if (dtls == null) {
      synchronized (this) {
        if (dtls == null) {
          dtlsPeer = from;
          dtls = new QueueDatagramTransport((b, o, l) -> sender.send(b, o, l, dtlsPeer));
          state = State.HANDSHAKING;
          try {
            handshakes.execute(this::handshake);
          } catch (java.util.concurrent.RejectedExecutionException e) {
            state = State.FAILED; // the bridge is closing
            return;
          }
        }
      }
    }
    if (!dtls.offer(buf, off, len)) {
      counters.dtlsQueueFull.increment();
    }
  }

  private void handshake() {
    try {
      SrtpKeyingResult result = DtlsHandshakes.accept(identity, remoteFingerprint, dtls);
      adopt(result.session());
      state = State.CONNECTED;
      LOG.info(
          () -> "endpoint " + id + ": DTLS done with " + dtlsPeer + ", SRTP " + result.profile());
      listener.connected(this);
    } catch (IOException | RuntimeException e) {
      state = State.FAILED;
      LOG.log(Level.INFO, "endpoint " + id + ": DTLS handshake with " + dtlsPeer + " failed: " + e);
      listener.failed(this, "DTLS handshake failed: " + e.getMessage());
    }
  }

  void onRtp(byte[] buf, int off, int len) {
    SrtpSession session = srtp;
    if (session == null) {
      counters.mediaBeforeKeys.increment();
      return;
    }
    int n = session.unprotectRtp(buf, off, len);
    if (n > 0) {
      listener.rtp(this, buf, off, n);
    }
  }

  void onRtcp(byte[] buf, int off, int len) {
    SrtpSession session = srtp;
    if (session == null) {
      counters.mediaBeforeKeys.increment();
      return;
    }
    int n = session.unprotectRtcp(buf, off, len);
    if (n > 0) {
      listener.rtcp(this, buf, off, n);
    }
  }

  /**
   * Protects and sends an RTP packet to the nominated address; the buffer needs room for the tag.
   *
   * @return false when the endpoint is not connected yet
   */
  public boolean sendRtp(byte[] buf, int off, int len) throws GeneralSecurityException {
    SrtpSession session = srtp;
    InetSocketAddress to = ice.selected() != null ? ice.selected() : dtlsPeer;
    if (session == null || to == null) {
      return false;
    }
    int n = session.protectRtp(buf, off, len);
    if (n >= 0) { // else refused and counted: sending it would reuse a keystream
      sender.send(buf, off, n, to);
    }
    return true;
  }

  /**
   * Protects and sends a compound RTCP packet; the buffer needs room for the tag and the SRTCP
   * index.
   *
   * @return false when the endpoint is not connected yet
   */
  public boolean sendRtcp(byte[] buf, int off, int len) throws GeneralSecurityException {
    SrtpSession session = srtp;
    InetSocketAddress to = ice.selected() != null ? ice.selected() : dtlsPeer;
    if (session == null || to == null) {
      return false;
    }
    int n = session.protectRtcp(buf, off, len);
    sender.send(buf, off, n, to);
    return true;
  }

  /** Marks the endpoint failed and tells the listener why (consent expired, handshake failed). */
  void fail(String reason) {
    state = State.FAILED;
    listener.failed(this, reason);
  }

  public void close() {
    QueueDatagramTransport d = dtls;
    if (d != null) {
      d.close();
    }
  }
}
