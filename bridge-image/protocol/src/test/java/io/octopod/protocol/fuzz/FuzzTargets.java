package io.octopod.protocol.fuzz;

import io.octopod.protocol.demux.Demultiplexer;
import io.octopod.protocol.octo.OctoAck;
import io.octopod.protocol.octo.OctoFragment;
import io.octopod.protocol.octo.OctoHeader;
import io.octopod.protocol.octo.OctoInbox;
import io.octopod.protocol.octo.OctoOutbox;
import io.octopod.protocol.rtcp.CompoundRtcpIterator;
import io.octopod.protocol.rtcp.FullIntraRequest;
import io.octopod.protocol.rtcp.GenericNack;
import io.octopod.protocol.rtcp.Goodbye;
import io.octopod.protocol.rtcp.PictureLossIndication;
import io.octopod.protocol.rtcp.RawRtcpPacket;
import io.octopod.protocol.rtcp.ReceiverEstimatedMaxBitrate;
import io.octopod.protocol.rtcp.ReceiverReport;
import io.octopod.protocol.rtcp.ReportBlock;
import io.octopod.protocol.rtcp.RtcpPacket;
import io.octopod.protocol.rtcp.SenderReport;
import io.octopod.protocol.rtcp.SourceDescription;
import io.octopod.protocol.rtcp.TransportWideFeedback;
import io.octopod.protocol.rtp.HeaderExtensions;
import io.octopod.protocol.rtp.RtpPacket;
import io.octopod.protocol.sdp.MediaSection;
import io.octopod.protocol.sdp.SdpParseException;
import io.octopod.protocol.sdp.SessionDescription;
import io.octopod.protocol.stun.StunMessage;
import io.octopod.protocol.stun.StunMessageIntegrity;
import io.octopod.protocol.vp8.Vp8PayloadDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Each parser as a fuzz target: run it on {@code (buffer, offset, length)} and read everything it
 * exposes, returning a summary. A target must either parse or reject with a reason, and must never
 * throw. Comparing the summaries of the same bytes placed amid different surrounding bytes shows
 * that nothing outside {@code [offset, offset + length)} was read.
 */
public final class FuzzTargets {

  private FuzzTargets() {}

  /** A parser under fuzzing. */
  @FunctionalInterface
  public interface Target {
    String run(byte[] buffer, int offset, int length);
  }

  private static final StunMessageIntegrity INTEGRITY =
      new StunMessageIntegrity("fuzz-password".getBytes(StandardCharsets.US_ASCII));

  public static String rtp(byte[] b, int off, int len) {
    RtpPacket rtp = new RtpPacket();
    if (!rtp.wrap(b, off, len)) {
      return requireReason(rtp.invalidReason());
    }
    StringBuilder s =
        new StringBuilder()
            .append(rtp.payloadType())
            .append(' ')
            .append(rtp.sequenceNumber())
            .append(' ')
            .append(rtp.timestamp())
            .append(' ')
            .append(rtp.ssrc())
            .append(' ')
            .append(rtp.marker())
            .append(' ')
            .append(rtp.payloadLength())
            .append(' ')
            .append(rtp.paddingLength());
    for (int i = 0; i < rtp.csrcCount(); i++) {
      s.append(" c").append(rtp.csrc(i));
    }
    HeaderExtensions it = rtp.extensions();
    while (it.next()) {
      s.append(" e").append(it.id()).append('/').append(it.valueLength());
      for (int i = 0; i < it.valueLength(); i++) {
        s.append(':').append(b[it.valueOffset() + i]);
      }
    }
    if (rtp.wrapHeaderOnly(b, off, len)) {
      s.append(" h").append(rtp.headerLength());
    }
    return s.toString();
  }

  /** RTP with extension rewriting: add and remove on a copy with room to grow. */
  public static String rtpRewrite(byte[] b, int off, int len) {
    byte[] room = new byte[len + 64];
    System.arraycopy(b, off, room, 0, len);
    RtpPacket rtp = new RtpPacket();
    if (!rtp.wrap(room, 0, len)) {
      return requireReason(rtp.invalidReason());
    }
    int payload = rtp.payloadLength();
    boolean added = rtp.addExtension(7, new byte[] {1, 2, 3}, 0, 3, room.length);
    boolean removed = rtp.removeExtension(7);
    if (added && (!removed || rtp.payloadLength() != payload)) {
      throw new AssertionError("add then remove changed the payload");
    }
    return added + " " + removed + " " + rtp.length();
  }

  public static String rtcp(byte[] b, int off, int len) {
    CompoundRtcpIterator it = new CompoundRtcpIterator();
    if (!it.wrap(b, off, len)) {
      return requireReason(it.invalidReason());
    }
    StringBuilder s = new StringBuilder().append(it.reducedSize());
    while (it.next()) {
      s.append(" [").append(it.packetType()).append('/').append(it.countOrFormat()).append(' ');
      s.append(
          rtcpPacket(b, it.packetOffset(), it.packetLength(), it.packetType(), it.countOrFormat()));
      s.append(']');
    }
    return s.toString();
  }

  private static String rtcpPacket(byte[] b, int off, int len, int type, int fmt) {
    switch (type) {
      case RtcpPacket.SR -> {
        SenderReport sr = new SenderReport();
        if (!sr.wrap(b, off, len)) {
          return requireReason(sr.invalidReason());
        }
        StringBuilder s = new StringBuilder().append(sr.ntpTimestamp()).append(sr.octetCount());
        for (int i = 0; i < sr.reportCount(); i++) {
          s.append(block(sr.reportBlock(i)));
        }
        return s.toString();
      }
      case RtcpPacket.RR -> {
        ReceiverReport rr = new ReceiverReport();
        if (!rr.wrap(b, off, len)) {
          return requireReason(rr.invalidReason());
        }
        StringBuilder s = new StringBuilder().append(rr.senderSsrc());
        for (int i = 0; i < rr.reportCount(); i++) {
          s.append(block(rr.reportBlock(i)));
        }
        return s.toString();
      }
      case RtcpPacket.SDES -> {
        SourceDescription sdes = new SourceDescription();
        if (!sdes.wrap(b, off, len)) {
          return requireReason(sdes.invalidReason());
        }
        StringBuilder s = new StringBuilder();
        while (sdes.nextChunk()) {
          s.append(sdes.chunkSsrc());
          while (sdes.nextItem()) {
            s.append(' ').append(sdes.itemType()).append(sdes.itemText());
          }
        }
        return s.toString();
      }
      case RtcpPacket.BYE -> {
        Goodbye bye = new Goodbye();
        if (!bye.wrap(b, off, len)) {
          return requireReason(bye.invalidReason());
        }
        StringBuilder s = new StringBuilder().append(bye.reason());
        for (int i = 0; i < bye.sourceCount(); i++) {
          s.append(' ').append(bye.source(i));
        }
        return s.toString();
      }
      case RtcpPacket.RTPFB -> {
        if (fmt == GenericNack.FORMAT) {
          GenericNack nack = new GenericNack();
          if (!nack.wrap(b, off, len)) {
            return requireReason(nack.invalidReason());
          }
          int[] lost = new int[64];
          return nack.mediaSsrc() + " " + nack.lostSequenceNumbers(lost);
        }
        if (fmt == TransportWideFeedback.FORMAT) {
          TransportWideFeedback tcc = new TransportWideFeedback();
          if (!tcc.wrap(b, off, len)) {
            return requireReason(tcc.invalidReason());
          }
          StringBuilder s = new StringBuilder().append(tcc.referenceTime());
          while (tcc.nextPacket()) {
            s.append(' ').append(tcc.sequence()).append(':').append(tcc.deltaTicks());
          }
          return s.toString();
        }
        return raw(b, off, len);
      }
      case RtcpPacket.PSFB -> {
        if (fmt == PictureLossIndication.FORMAT) {
          PictureLossIndication pli = new PictureLossIndication();
          return pli.wrap(b, off, len)
              ? "pli " + pli.mediaSsrc()
              : requireReason(pli.invalidReason());
        }
        if (fmt == FullIntraRequest.FORMAT) {
          FullIntraRequest fir = new FullIntraRequest();
          if (!fir.wrap(b, off, len)) {
            return requireReason(fir.invalidReason());
          }
          StringBuilder s = new StringBuilder("fir");
          for (int i = 0; i < fir.entryCount(); i++) {
            s.append(' ').append(fir.entrySsrc(i)).append('/').append(fir.entrySequence(i));
          }
          return s.toString();
        }
        if (fmt == ReceiverEstimatedMaxBitrate.FORMAT) {
          ReceiverEstimatedMaxBitrate remb = new ReceiverEstimatedMaxBitrate();
          if (!remb.wrap(b, off, len)) {
            return requireReason(remb.invalidReason());
          }
          StringBuilder s = new StringBuilder().append(remb.bitrate());
          for (int i = 0; i < remb.ssrcCount(); i++) {
            s.append(' ').append(remb.ssrc(i));
          }
          return s.toString();
        }
        return raw(b, off, len);
      }
      default -> {
        return raw(b, off, len);
      }
    }
  }

  private static String raw(byte[] b, int off, int len) {
    RawRtcpPacket raw = new RawRtcpPacket();
    return raw.wrap(b, off, len) ? "raw " + raw.bodyLength() : requireReason(raw.invalidReason());
  }

  private static String block(ReportBlock block) {
    return " b" + block.ssrc() + "/" + block.cumulativeLost() + "/" + block.jitter();
  }

  public static String stun(byte[] b, int off, int len) {
    StunMessage stun = new StunMessage();
    if (!stun.wrap(b, off, len)) {
      return requireReason(stun.invalidReason());
    }
    StringBuilder s =
        new StringBuilder()
            .append(stun.messageType())
            .append(' ')
            .append(stun.priority())
            .append(' ')
            .append(stun.useCandidate())
            .append(' ')
            .append(stun.errorCode())
            .append(' ')
            .append(stun.fingerprintValid())
            .append(' ')
            .append(stun.usernameStartsWith(new byte[] {'a', 'b'}));
    byte[] address = new byte[16];
    s.append(' ').append(stun.xorMappedAddress(address));
    stun.restart();
    while (stun.nextAttribute()) {
      s.append(" a").append(stun.attributeType()).append('/').append(stun.valueLength());
    }
    byte[] copy = new byte[len];
    System.arraycopy(b, off, copy, 0, len);
    StunMessage again = new StunMessage();
    again.wrap(copy, 0, len);
    s.append(' ').append(INTEGRITY.verify(again));
    return s.toString();
  }

  public static String vp8(byte[] b, int off, int len) {
    Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    if (!vp8.wrap(b, off, len)) {
      return requireReason(vp8.invalidReason());
    }
    return vp8.descriptorLength()
        + " "
        + vp8.pictureId()
        + " "
        + vp8.tl0PicIdx()
        + " "
        + vp8.temporalLayer()
        + " "
        + vp8.keyIndex()
        + " "
        + vp8.keyframe()
        + " "
        + vp8.layerSync();
  }

  public static String octo(byte[] b, int off, int len) {
    OctoHeader octo = new OctoHeader();
    if (!octo.wrap(b, off, len)) {
      return requireReason(octo.invalidReason());
    }
    byte[] nonce = new byte[12];
    octo.nonce(nonce, 0);
    return octo.kind()
        + " "
        + octo.mediaType()
        + " "
        + octo.layer()
        + " "
        + octo.keyId()
        + " "
        + octo.conferenceId()
        + " "
        + octo.endpointId()
        + " "
        + octo.relayId()
        + " "
        + octo.sequence()
        + " "
        + octo.sealedLength()
        + " "
        + java.util.Arrays.toString(nonce);
  }

  /** The Octo message sub-header on its own. */
  public static String octoFragment(byte[] b, int off, int len) {
    OctoFragment fragment = new OctoFragment();
    if (!fragment.wrap(b, off, len)) {
      return requireReason(fragment.invalidReason());
    }
    return fragment.index()
        + "/"
        + fragment.count()
        + " "
        + fragment.messageLength()
        + " "
        + fragment.number()
        + " "
        + fragment.firstHeld()
        + " "
        + fragment.bodyLength();
  }

  /**
   * Reassembly: the input is a run of fragments, each behind a 2-byte length, fed to one inbox.
   * Whatever it makes of them, it must not throw, must stay within its memory bound, must deliver
   * only whole messages of the length their fragments announced, and must write an ack that parses
   * and that an outbox takes without throwing.
   */
  public static String octoReassembly(byte[] b, int off, int len) {
    OctoInbox inbox = new OctoInbox();
    OctoFragment fragment = new OctoFragment();
    StringBuilder s = new StringBuilder();
    int at = off;
    int end = off + len;
    while (end - at >= 2) {
      int n = Math.min(((b[at] & 0xff) << 8) | (b[at + 1] & 0xff), end - at - 2);
      at += 2;
      if (fragment.wrap(b, at, n)) {
        int announced = fragment.messageLength();
        s.append(inbox.receive(fragment).name().charAt(0));
        byte[] message;
        while ((message = inbox.poll()) != null) {
          if (message.length < 1 || message.length > OctoFragment.MAX_MESSAGE_BYTES) {
            throw new AssertionError("delivered a message of " + message.length + " bytes");
          }
          s.append(" m").append(message.length).append(message.length == announced ? "" : "'");
        }
      } else {
        s.append('x');
      }
      at += n;
      if (inbox.heldBytes() > OctoInbox.MAX_HELD_BYTES + OctoFragment.MAX_MESSAGE_BYTES) {
        throw new AssertionError("the inbox holds " + inbox.heldBytes() + " bytes");
      }
    }
    byte[] out = new byte[OctoInbox.MAX_ACK_LENGTH];
    int n = inbox.writeAck(out, 0);
    OctoAck ack = new OctoAck();
    if (!ack.wrap(out, 0, n)) {
      throw new AssertionError(
          "the inbox wrote an ack that does not parse: " + ack.invalidReason());
    }
    return s.append(" ack ")
        .append(ack.cumulative())
        .append('+')
        .append(ack.entryCount())
        .toString();
  }

  /** An ack, read and then taken by an outbox with three messages out. */
  public static String octoAck(byte[] b, int off, int len) {
    OctoAck ack = new OctoAck();
    if (!ack.wrap(b, off, len)) {
      return requireReason(ack.invalidReason());
    }
    StringBuilder s = new StringBuilder().append(ack.cumulative());
    for (int i = 0; i < ack.entryCount(); i++) {
      s.append(' ').append(ack.entryNumber(i)).append('/').append(ack.entryFragments(i));
    }
    long first = Math.max(1, ack.cumulative() - 1);
    OctoOutbox outbox = new OctoOutbox(first);
    int[] events = new int[3];
    OctoOutbox.Events counted =
        new OctoOutbox.Events() {
          @Override
          public void acked(int messages) {
            events[0] += messages;
          }

          @Override
          public void resent(int fragments) {
            events[1] += fragments;
          }

          @Override
          public void abandoned(int messages) {
            events[2] += messages;
          }
        };
    OctoOutbox.Wire nowhere = (buf, o, l) -> {};
    for (int i = 0; i < 3; i++) {
      outbox.send(new byte[1 + i * 2000], i == 2, 0, nowhere, counted);
    }
    boolean taken = outbox.acked(ack, 1_000_000, counted);
    outbox.resendDue(Long.MAX_VALUE / 2, nowhere, counted);
    return s.append(' ')
        .append(taken)
        .append(' ')
        .append(Arrays.toString(events))
        .append(' ')
        .append(outbox.backlog())
        .toString();
  }

  public static String demux(byte[] b, int off, int len) {
    return Demultiplexer.classify(b, off, len).name();
  }

  /** SDP: only {@link SdpParseException} may escape parsing; what parses writes back the same. */
  public static String sdp(byte[] b, int off, int len) {
    String text = new String(b, off, len, StandardCharsets.ISO_8859_1);
    SessionDescription sdp;
    try {
      sdp = SessionDescription.parse(text);
    } catch (SdpParseException e) {
      if (e.lineNumber() < 1) {
        throw new AssertionError("line numbers start at 1", e);
      }
      return "invalid line " + e.lineNumber();
    }
    String written = sdp.toString();
    if (!SessionDescription.parse(written).toString().equals(written)) {
      throw new AssertionError("write-back does not reparse to the same text");
    }
    StringBuilder s = new StringBuilder().append(sdp.bundle()).append(sdp.iceLite());
    for (MediaSection m : sdp.media()) {
      s.append(m.media())
          .append(m.rtpMaps())
          .append(m.fmtps())
          .append(m.rtcpFeedback())
          .append(m.extMaps())
          .append(m.ssrcs())
          .append(m.ssrcGroups())
          .append(m.rids())
          .append(m.simulcast())
          .append(m.candidates())
          .append(m.direction())
          .append(sdp.fingerprint(m))
          .append(m.mid());
    }
    return s.toString();
  }

  private static String requireReason(String reason) {
    if (reason == null || reason.isEmpty()) {
      throw new AssertionError("a rejected input must say why");
    }
    return "invalid: " + reason;
  }
}
