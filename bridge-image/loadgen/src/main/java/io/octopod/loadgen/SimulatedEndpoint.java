package io.octopod.loadgen;

import io.netty.channel.EventLoopGroup;
import io.octopod.bridge.client.WebRtcClient;
import io.octopod.bridge.srtp.SrtpProfile;
import io.octopod.protocol.rtcp.CompoundRtcpIterator;
import io.octopod.protocol.rtcp.GenericNack;
import io.octopod.protocol.rtcp.PictureLossIndication;
import io.octopod.protocol.rtcp.RtcpPacket;
import io.octopod.protocol.rtp.RtpPacket;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One simulated participant: a {@link WebRtcClient} (real ICE, DTLS and SRTP on its own UDP port),
 * the streams it sends when it is a sender (three VP8 layers and Opus), and what it receives: each
 * decrypted packet's slot, sequence number and latency go to the {@link ReceiveMeter}. It answers
 * the bridge's PLIs with a keyframe on that layer and its NACKs with RTX, as a browser does.
 */
final class SimulatedEndpoint implements AutoCloseable {

  /** Where an endpoint stands in its conference. */
  enum Role {
    /** Sends audio and video and receives the others. */
    SENDER,
    /** Receives only (a webinar's audience). */
    RECEIVER
  }

  final String id;
  final Role role;
  private final WebRtcClient client;
  final List<OutboundStream> streams;
  private final ReceiveMeter meter;
  private final RtpPacket received = new RtpPacket();
  private final CompoundRtcpIterator rtcp = new CompoundRtcpIterator();
  private final PictureLossIndication pli = new PictureLossIndication();
  private final GenericNack nack = new GenericNack();
  private final int[] lost = new int[256];
  private long[] slotSsrcs = new long[0];
  private SequenceTracker[] slotTrackers = new SequenceTracker[0];

  /** NACKed packets, as (stream index << 16 | sequence), for the pacer thread to resend. */
  final Queue<Integer> repairs = new ConcurrentLinkedQueue<>();

  private volatile EndpointOffer.Answer answer;
  private final byte[] consent = new byte[256];

  long pliReceived;
  long nackedPackets;

  SimulatedEndpoint(String id, Role role, EventLoopGroup group, ReceiveMeter meter)
      throws InterruptedException {
    this.id = id;
    this.role = role;
    this.meter = meter;
    this.client = WebRtcClient.open(group, "127.0.0.1");
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (role == Role.SENDER) {
      streams =
          List.of(
              new OutboundStream(random.nextInt() & 0xffff_ffffL, random.nextInt(1 << 16)),
              layer(MediaProfile.Layer.Q, random),
              layer(MediaProfile.Layer.H, random),
              layer(MediaProfile.Layer.F, random));
    } else {
      streams = List.of();
    }
    client.onRtp(this::rtp);
    client.onRtcp(this::rtcp);
  }

  /**
   * A participant of a meeting, sending its Opus track and, when {@code simulcast} is not empty,
   * one video layer per clip (lowest first, as rids q, h, f) playing real VP8 a browser can decode.
   */
  SimulatedEndpoint(String id, List<Vp8Clip> simulcast, EventLoopGroup group, ReceiveMeter meter)
      throws InterruptedException {
    this.id = id;
    this.role = Role.SENDER;
    this.meter = meter;
    this.client = WebRtcClient.open(group, "127.0.0.1");
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<OutboundStream> out = new ArrayList<>();
    out.add(new OutboundStream(random.nextInt() & 0xffff_ffffL, random.nextInt(1 << 16)));
    MediaProfile.Layer[] layers = MediaProfile.Layer.values();
    if (simulcast.size() > layers.length) {
      throw new IllegalArgumentException("at most " + layers.length + " simulcast layers");
    }
    for (int i = 0; i < simulcast.size(); i++) {
      out.add(
          new OutboundStream(
              layers[i],
              simulcast.get(i),
              random.nextInt() & 0xffff_ffffL,
              random.nextInt() & 0xffff_ffffL,
              random.nextInt(1 << 16)));
    }
    this.streams = List.copyOf(out);
    client.onRtp(this::rtp);
    client.onRtcp(this::rtcp);
  }

  private static OutboundStream layer(MediaProfile.Layer layer, ThreadLocalRandom random) {
    return new OutboundStream(
        layer,
        random.nextInt() & 0xffff_ffffL,
        random.nextInt() & 0xffff_ffffL,
        random.nextInt(1 << 16));
  }

  /** The offer to send through the control API. */
  String offer(int videoSlots, int audioSlots) {
    long audioSsrc = streams.isEmpty() ? 1 : streams.get(0).ssrc;
    return EndpointOffer.offer(client.fingerprint(), audioSsrc, videoSlots, audioSlots);
  }

  /** Connects to the bridge as its answer says (ICE, then DTLS with AES-GCM SRTP). */
  void connect(String answerSdp, Duration timeout) throws IOException, InterruptedException {
    EndpointOffer.Answer answer = EndpointOffer.parse(answerSdp);
    this.answer = answer;
    int slots = answer.videoSlotSsrcs().size() + answer.audioSlotSsrcs().size();
    long[] ssrcs = new long[slots];
    SequenceTracker[] trackers = new SequenceTracker[slots];
    int i = 0;
    for (long s : answer.videoSlotSsrcs()) {
      ssrcs[i] = s;
      trackers[i++] = meter.tracker();
    }
    for (long s : answer.audioSlotSsrcs()) {
      ssrcs[i] = s;
      trackers[i++] = meter.audioTracker();
    }
    slotTrackers = trackers;
    slotSsrcs = ssrcs;
    client.connect(
        answer.candidate(),
        answer.ufrag(),
        answer.pwd(),
        answer.fingerprint(),
        List.of(SrtpProfile.AEAD_AES_128_GCM),
        timeout);
  }

  /** Protects and sends a packet the pacer wrote. */
  void send(byte[] buf, int len) throws GeneralSecurityException {
    client.sendRtp(buf, 0, len);
  }

  /**
   * Sends a consent-freshness binding request (RFC 7675), as browsers do every few seconds; without
   * it the bridge times the endpoint out after 30 s.
   */
  void refreshConsent() {
    EndpointOffer.Answer a = answer;
    if (a != null) {
      int n = client.bindingRequest(consent, a.ufrag(), a.pwd());
      client.sendRaw(consent, 0, n);
    }
  }

  long rtpReceived() {
    return client.rtpReceived();
  }

  private void rtp(byte[] buf, int off, int len) {
    long now = System.nanoTime();
    if (!received.wrap(buf, off, len)) {
      return;
    }
    long ssrc = received.ssrc();
    for (int i = 0; i < slotSsrcs.length; i++) {
      if (slotSsrcs[i] == ssrc) {
        boolean audio = received.payloadType() == EndpointOffer.OPUS;
        int probe = received.payloadOffset() + OutboundStream.probeOffset(audio);
        long latency = probe + 8 <= off + len ? now - io.octopod.protocol.Bytes.i64(buf, probe) : 0;
        meter.received(slotTrackers[i], received.sequenceNumber(), len, latency);
        return;
      }
    }
  }

  private void rtcp(byte[] buf, int off, int len) {
    if (!rtcp.wrap(buf, off, len)) {
      return;
    }
    while (rtcp.next()) {
      int type = rtcp.packetType();
      int at = rtcp.packetOffset();
      int size = rtcp.packetLength();
      if (type == RtcpPacket.PSFB && pli.wrap(buf, at, size)) {
        pliReceived++;
        OutboundStream s = stream(pli.mediaSsrc());
        if (s != null) {
          s.requestKeyframe();
        }
      } else if (type == RtcpPacket.RTPFB && nack.wrap(buf, at, size)) {
        int index = streams.indexOf(stream(nack.mediaSsrc()));
        if (index > 0) {
          int n = nack.lostSequenceNumbers(lost);
          nackedPackets += n;
          for (int k = 0; k < n; k++) {
            repairs.add(index << 16 | lost[k]);
          }
        }
      }
    }
  }

  private OutboundStream stream(long ssrc) {
    for (OutboundStream s : streams) {
      if (s.ssrc == ssrc) {
        return s;
      }
    }
    return null;
  }

  @Override
  public void close() {
    client.close();
  }
}
