package io.octopod.bridge.client;

import io.netty.channel.EventLoopGroup;
import io.octopod.bridge.dtls.DtlsHandshakes;
import io.octopod.bridge.dtls.DtlsIdentity;
import io.octopod.bridge.dtls.QueueDatagramTransport;
import io.octopod.bridge.dtls.SrtpKeyingResult;
import io.octopod.bridge.net.MediaSocket;
import io.octopod.bridge.srtp.SrtpProfile;
import io.octopod.bridge.srtp.SrtpSession;
import io.octopod.protocol.demux.Demultiplexer;
import io.octopod.protocol.demux.PacketKind;
import io.octopod.protocol.stun.StunMessage;
import io.octopod.protocol.stun.StunMessageIntegrity;
import io.octopod.protocol.stun.StunMessageWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client role of every transport layer, for Java tests and the load generator: ICE controlling
 * (binding requests with USE-CANDIDATE), DTLS client, SRTP. It talks to a bridge exactly as a
 * browser does, over its own UDP port.
 */
public final class WebRtcClient implements AutoCloseable {

  /** Receives decrypted RTP. */
  @FunctionalInterface
  public interface RtpListener {
    void rtp(byte[] buf, int off, int len);
  }

  /** Receives decrypted RTCP (a whole compound packet): the bridge's PLIs, NACKs and reports. */
  @FunctionalInterface
  public interface RtcpListener {
    void rtcp(byte[] buf, int off, int len);
  }

  private volatile MediaSocket socket;
  private final EventLoopGroup group;
  private final String bindAddress;
  private final DtlsIdentity identity = DtlsIdentity.generate("octopod-client");
  private final String localUfrag =
      "cl" + Long.toHexString(new SecureRandom().nextLong()).substring(0, 6);
  private final CountDownLatch iceDone = new CountDownLatch(1);
  private final LongAdder rtpReceived = new LongAdder();
  private volatile InetSocketAddress bridge;
  private volatile String remotePwd;
  private volatile QueueDatagramTransport dtls;
  private volatile SrtpSession srtp;
  private volatile RtpListener listener = (b, o, l) -> {};
  private volatile RtcpListener rtcpListener = (b, o, l) -> {};
  private final StunMessage stun = new StunMessage();

  private WebRtcClient(EventLoopGroup group, String bindAddress) throws InterruptedException {
    this.group = group;
    this.bindAddress = bindAddress;
    this.socket = MediaSocket.bind(group, bindAddress, 0, this::received);
  }

  public static WebRtcClient open(EventLoopGroup group, String bindAddress)
      throws InterruptedException {
    return new WebRtcClient(group, bindAddress);
  }

  /** The fingerprint of this client's DTLS certificate, for its SDP offer. */
  public String fingerprint() {
    return identity.fingerprint();
  }

  public InetSocketAddress localAddress() {
    return socket.localAddress();
  }

  public void onRtp(RtpListener listener) {
    this.listener = listener;
  }

  public void onRtcp(RtcpListener listener) {
    this.rtcpListener = listener;
  }

  public long rtpReceived() {
    return rtpReceived.sum();
  }

  /**
   * Runs ICE (as the controlling agent, nominating the bridge's candidate) and then DTLS as client.
   *
   * @throws IOException when a step fails or does not finish within {@code timeout}
   */
  public SrtpProfile connect(
      InetSocketAddress bridgeCandidate,
      String remoteUfrag,
      String remotePassword,
      String remoteFingerprint,
      List<SrtpProfile> profiles,
      Duration timeout)
      throws IOException, InterruptedException {
    this.bridge = bridgeCandidate;
    this.remotePwd = remotePassword;
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] request = new byte[256];
    while (iceDone.getCount() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IOException("ICE: no authenticated answer from " + bridgeCandidate);
      }
      int n = bindingRequest(request, remoteUfrag, remotePassword);
      socket.send(request, 0, n, bridgeCandidate);
      iceDone.await(100, TimeUnit.MILLISECONDS);
    }
    dtls = new QueueDatagramTransport((b, o, l) -> socket.send(b, o, l, bridge));
    SrtpKeyingResult keys = DtlsHandshakes.connect(identity, remoteFingerprint, profiles, dtls);
    srtp = keys.session();
    return keys.profile();
  }

  /**
   * Moves to a new local port (as a browser changing network does) and runs ICE again with the
   * bridge's new credentials from its restart; the DTLS association and SRTP keys stay.
   */
  public void moveAndRestartIce(String remoteUfrag, String remotePassword, Duration timeout)
      throws IOException, InterruptedException {
    MediaSocket old = socket;
    socket = MediaSocket.bind(group, bindAddress, 0, this::received);
    old.close();
    CountDownLatch answered = new CountDownLatch(1);
    restartLatch = answered;
    remotePwd = remotePassword;
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] request = new byte[256];
    while (answered.getCount() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IOException("ICE restart: no authenticated answer");
      }
      int n = bindingRequest(request, remoteUfrag, remotePassword);
      socket.send(request, 0, n, bridge);
      answered.await(100, TimeUnit.MILLISECONDS);
    }
  }

  private volatile CountDownLatch restartLatch;

  /** Writes a binding request from this client; {@code password} signs it. */
  public int bindingRequest(byte[] out, String remoteUfrag, String password) {
    byte[] transaction = new byte[12];
    new SecureRandom().nextBytes(transaction);
    return new StunMessageWriter()
        .begin(
            out,
            0,
            StunMessage.messageType(StunMessage.BINDING, StunMessage.CLASS_REQUEST),
            transaction,
            0)
        .username(remoteUfrag + ":" + localUfrag)
        .priority(1_853_817_087L)
        .iceControlling(new SecureRandom().nextLong())
        .useCandidate()
        .messageIntegrity(new StunMessageIntegrity(password.getBytes(StandardCharsets.US_ASCII)))
        .fingerprint()
        .length();
  }

  private void received(byte[] buf, int off, int len, InetSocketAddress from) {
    PacketKind kind = Demultiplexer.classify(buf, off, len);
    switch (kind) {
      case STUN -> {
        if (stun.wrap(buf, off, len)
            && stun.messageClass() == StunMessage.CLASS_SUCCESS
            && remotePwd != null
            && new StunMessageIntegrity(remotePwd.getBytes(StandardCharsets.US_ASCII))
                .verify(stun)) {
          iceDone.countDown();
          CountDownLatch restart = restartLatch;
          if (restart != null) {
            restart.countDown();
          }
        }
      }
      case DTLS -> {
        QueueDatagramTransport d = dtls;
        if (d != null) {
          d.offer(buf, off, len);
        }
      }
      case RTP -> {
        SrtpSession s = srtp;
        if (s != null) {
          int n = s.unprotectRtp(buf, off, len);
          if (n > 0) {
            rtpReceived.increment();
            listener.rtp(buf, off, n);
          }
        }
      }
      case RTCP -> {
        SrtpSession s = srtp;
        if (s != null) {
          int n = s.unprotectRtcp(buf, off, len);
          if (n > 0) {
            rtcpListener.rtcp(buf, off, n);
          }
        }
      }
      default -> {}
    }
  }

  /** Protects and sends an RTP packet (the buffer needs room for the tag). */
  public void sendRtp(byte[] buf, int off, int len) throws GeneralSecurityException {
    int n = srtp.protectRtp(buf, off, len);
    if (n >= 0) { // else refused and counted: sending it would reuse a keystream
      socket.send(buf, off, n, bridge);
    }
  }

  /** Protects an RTP packet without sending it (to replay or tamper with it in tests). */
  public int protectRtp(byte[] buf, int off, int len) throws GeneralSecurityException {
    return srtp.protectRtp(buf, off, len);
  }

  /** Sends bytes as they are: for bad-input tests. */
  public void sendRaw(byte[] buf, int off, int len) {
    socket.send(buf, off, len, bridge);
  }

  @Override
  public void close() {
    QueueDatagramTransport d = dtls;
    if (d != null) {
      d.close();
    }
    socket.close();
  }
}
