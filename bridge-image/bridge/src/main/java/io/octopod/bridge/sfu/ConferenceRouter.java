package io.octopod.bridge.sfu;

import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.transport.EndpointTransport;
import io.octopod.protocol.octo.OctoHeader;
import io.octopod.protocol.octo.OctoSources;
import io.octopod.protocol.rtcp.CompoundRtcpIterator;
import io.octopod.protocol.rtcp.FullIntraRequest;
import io.octopod.protocol.rtcp.PictureLossIndication;
import io.octopod.protocol.rtcp.RtcpPacket;
import io.octopod.protocol.rtp.RtpPacket;
import io.octopod.protocol.vp8.Vp8PayloadDescriptor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Forwards one conference's media between its endpoints on this bridge: each sender's best active
 * simulcast layer goes into a video slot of every other endpoint, each sender's audio into an audio
 * slot, rewritten by {@link SlotRewriter} so receivers never renegotiate. Keyframes are requested
 * (PLI, throttled) when a slot starts or switches, and receivers' PLI/FIR for a slot are routed to
 * the sender it carries. Runs on the media port's thread.
 */
public final class ConferenceRouter {

  private static final Logger LOG = Logger.getLogger(ConferenceRouter.class.getName());

  /** A layer that sent nothing for this long is no longer forwarded. */
  private static final long LAYER_TIMEOUT_NANOS = 1_000_000_000L;

  private static final long PLI_INTERVAL_NANOS = 300_000_000L;

  /** One endpoint as the router sees it. */
  public static final class Participant {
    final Endpoint endpoint;
    final SfuOfferAnswerer.EndpointMedia media;
    final Map<Long, String> ridBySsrc = new ConcurrentHashMap<>();
    final Map<Long, Long> lastPacketAt = new ConcurrentHashMap<>();
    final Map<Long, Integer> heightBySsrc = new ConcurrentHashMap<>();
    final Map<Long, LayerRate> rateBySsrc = new ConcurrentHashMap<>();

    /** As a receiver: the layer (SSRC) chosen per sender, recomputed every 250 ms. */
    volatile Map<String, Long> allocation = Map.of();

    volatile long allocatedAt = Long.MIN_VALUE / 2;
    final Map<String, SlotRewriter> videoSlots = new ConcurrentHashMap<>();
    final Map<String, SlotRewriter> audioSlots = new ConcurrentHashMap<>();
    volatile long lastKeyframeRequest;
    final TransportCcResponder transportCc;

    final Map<Long, ReceptionStatistics> reception = new ConcurrentHashMap<>();
    volatile long lastReceiverReport;

    final io.octopod.bridge.repair.RepairCounters repair =
        new io.octopod.bridge.repair.RepairCounters();
    final Map<Long, io.octopod.bridge.repair.LossDetector> lossBySsrc = new ConcurrentHashMap<>();
    long lastNackCheck;

    /** Round trip to this endpoint, as far as known; paces resends and NACKs. */
    volatile long rttNanos = LossRepair.DEFAULT_RTT_NANOS;

    /** Congestion control of the leg to this receiver; null without transport-cc. */
    final SendSideBandwidth bandwidth;

    /** Each video slot's RTX stream (retransmissions and padding): its next sequence number. */
    private final Map<Long, Integer> rtxSequences = new ConcurrentHashMap<>();

    int nextRtxSequence(long slotSsrc) {
      return rtxSequences.merge(
          slotSsrc,
          java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000),
          (old, x) -> (old + 1) & 0xffff);
    }

    /** Its speech activity for dominant-speaker identification. */
    io.octopod.bridge.speaker.SpeakerActivity speech;

    /** The slot mapping last sent on its bridge channel. */
    volatile List<io.octopod.protocol.control.SlotMapping> slotsSent = List.of();

    /** Smoothed loudness from RFC 6464 levels: 0 silent, 127 loudest. */
    volatile double loudness;

    /** The number its packets carry in Octo headers (Source Endpoint ID). */
    final long octoNumber;

    /** For a participant on another bridge: that bridge's relay number; 0 for a local one. */
    final long relayNumber;

    /** A remote participant's way back to its bridge, for NACKs and keyframe requests. */
    private final OctoUplink origin;

    /** A local sender's video as sent over Octo, per SSRC, to answer peer bridges' NACKs. */
    final Map<Long, io.octopod.bridge.repair.SentPacketCache> octoSent = new ConcurrentHashMap<>();

    /** A remote participant: when its bridge last listed it. */
    volatile long lastListedAt;

    Participant(Endpoint endpoint, SfuOfferAnswerer.EndpointMedia media, long octoNumber) {
      this.endpoint = endpoint;
      this.media = media;
      this.octoNumber = octoNumber;
      this.relayNumber = 0;
      this.origin = null;
      Integer tcc = media.negotiated().extensionIds().get(AnswerBuilder.TRANSPORT_CC);
      this.transportCc = tcc == null ? null : new TransportCcResponder(tcc);
      this.bandwidth = tcc == null ? null : new SendSideBandwidth(tcc);
    }

    /** A participant on another bridge: it only sends here, through Octo. */
    Participant(
        Endpoint endpoint,
        AnswerBuilder.Negotiated negotiated,
        long relayNumber,
        long octoNumber,
        OctoUplink origin) {
      this.endpoint = endpoint;
      this.media = new SfuOfferAnswerer.EndpointMedia(null, negotiated);
      this.octoNumber = octoNumber;
      this.relayNumber = relayNumber;
      this.origin = origin;
      this.transportCc = null;
      this.bandwidth = null;
    }

    boolean remote() {
      return relayNumber != 0;
    }

    /** Counts NACKs sent to a remote participant's bridge as Octo repair. */
    void octoRepairCounted(int nacks) {
      if (origin != null) {
        origin.repairCounted(nacks, 0, 0, 0);
      }
    }

    /**
     * Sends RTCP feedback (NACK, PLI, receiver report) toward this participant as a sender:
     * straight to a local browser, or through Octo to the bridge of a remote one.
     */
    boolean sendFeedback(byte[] buf, int off, int len) throws GeneralSecurityException {
      if (origin == null) {
        return transport().sendRtcp(buf, off, len);
      }
      origin.send(
          relayNumber,
          io.octopod.protocol.octo.OctoHeader.KIND_RTCP,
          io.octopod.protocol.octo.OctoHeader.MEDIA_NONE,
          io.octopod.protocol.octo.OctoHeader.NO_LAYER,
          octoNumber,
          buf,
          off,
          len);
      return true;
    }

    /** The bridge's bandwidth estimate toward this receiver, or -1 without transport-cc. */
    public long estimatedBitrate() {
      return bandwidth == null ? -1 : bandwidth.estimate();
    }

    EndpointTransport transport() {
      return media.transport();
    }

    AnswerBuilder.Negotiated negotiated() {
      return media.negotiated();
    }

    /** Loss-repair figures for this endpoint's two legs. */
    public io.octopod.protocol.control.RepairStats repairStats() {
      return repair.snapshot();
    }
  }

  private final List<Participant> participants = new CopyOnWriteArrayList<>();
  private final RtpPacket in = new RtpPacket();
  private final RtpPacket out = new RtpPacket();
  private final Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
  private final CompoundRtcpIterator rtcp = new CompoundRtcpIterator();
  private final LossRepair repair;
  private final RtpPacket rtxIn = new RtpPacket();

  /**
   * The packet being rewritten for one receiver: reused, since it is copied again on its way out
   * (into the repair cache and the socket's buffer) and the router runs on one thread.
   */
  private byte[] outgoing = new byte[1500 + 32];

  /** The conference's Octo links; null while it has only this bridge. */
  private volatile OctoUplink octo;

  private final java.util.concurrent.atomic.AtomicLong nextOctoNumber =
      new java.util.concurrent.atomic.AtomicLong(1);

  /** A router that repairs loss on both legs. */
  public ConferenceRouter() {
    this(true);
  }

  /**
   * @param repairLoss whether the bridge answers receivers' NACKs from its cache and NACKs senders'
   *     losses (off only to measure what repair is worth)
   */
  public ConferenceRouter(boolean repairLoss) {
    this.repair = new LossRepair(repairLoss);
  }

  private static final long SPEAKER_EVALUATION_NANOS = 100_000_000L;
  private final io.octopod.bridge.speaker.DominantSpeakerIdentifier speakers =
      new io.octopod.bridge.speaker.DominantSpeakerIdentifier();
  private volatile java.util.function.Consumer<String> dominantSpeakerListener = id -> {};
  private volatile String dominantSpeaker;
  private long lastSpeakerEvaluation;

  /** Called (on the media thread) with the new dominant speaker's id whenever the floor moves. */
  public void onDominantSpeaker(java.util.function.Consumer<String> listener) {
    this.dominantSpeakerListener = listener;
  }

  public Participant add(Endpoint endpoint, SfuOfferAnswerer.EndpointMedia media) {
    Participant p = new Participant(endpoint, media, nextOctoNumber.getAndIncrement());
    p.speech = speakers.addSpeaker(endpoint.id());
    participants.add(p);
    return p;
  }

  /** What each slot of this receiver carries now. */
  static java.util.List<io.octopod.protocol.control.SlotMapping> slots(Participant receiver) {
    java.util.List<io.octopod.protocol.control.SlotMapping> out = new java.util.ArrayList<>();
    receiver.videoSlots.forEach(
        (sender, slot) ->
            out.add(new io.octopod.protocol.control.SlotMapping(slot.slotSsrc(), "video", sender)));
    receiver.audioSlots.forEach(
        (sender, slot) ->
            out.add(new io.octopod.protocol.control.SlotMapping(slot.slotSsrc(), "audio", sender)));
    out.sort((a, b) -> Long.compare(a.ssrc(), b.ssrc()));
    return out;
  }

  void remove(Endpoint endpoint) {
    participants.removeIf(p -> p.endpoint == endpoint);
    speakers.removeSpeaker(endpoint.id());
    for (Participant p : participants) {
      p.videoSlots.remove(endpoint.id());
      p.audioSlots.remove(endpoint.id());
      pushSlots(p);
    }
  }

  /** Whether no local participant is left (remote ones only matter to local receivers). */
  boolean isEmpty() {
    return participants.stream().allMatch(Participant::remote);
  }

  public void onRtp(Participant from, byte[] buf, int off, int len) {
    onRtp(from, buf, off, len, System.nanoTime());
  }

  /** {@link #onRtp} at a given time, for tests that simulate time. */
  void onRtp(Participant from, byte[] buf, int off, int len, long now) {
    if (!in.wrap(buf, off, len)) {
      return;
    }
    AnswerBuilder.Negotiated n = from.negotiated();
    sendTransportFeedback(from);
    int pt = in.payloadType();
    if (pt == n.rtxPayloadType() && pt >= 0 && pt != n.vp8PayloadType()) {
      if (!repair.enabled()) {
        return;
      }
      // A retransmission the bridge asked for: restored, it is routed like a late original.
      byte[] restored = new byte[len + 32];
      rtxIn.wrap(buf, off, len);
      int length = repair.restore(from, rtxIn, restored);
      if (length > 0 && in.wrap(restored, 0, length)) {
        route(from, restored, 0, length, now);
      }
      return;
    }
    route(from, buf, off, len, now);
  }

  /** Routes a sender's packet, wrapped in {@link #in}, to the receivers that should get it. */
  private void route(Participant from, byte[] buf, int off, int len, long now) {
    AnswerBuilder.Negotiated n = from.negotiated();
    from.reception
        .computeIfAbsent(in.ssrc(), ReceptionStatistics::new)
        .received(in.sequenceNumber());
    sendReceiverReport(from, System.nanoTime());
    int pt = in.payloadType();
    long ssrc = in.ssrc();
    boolean audio = pt == n.opusPayloadType();
    if (!audio && pt != n.vp8PayloadType()) {
      return; // RTX, probes and anything not negotiated: not forwarded yet
    }
    if (!audio) {
      repair.received(from, ssrc, in.sequenceNumber(), now);
      learnRid(from, n, ssrc);
      from.lastPacketAt.put(ssrc, now);
      from.rateBySsrc.computeIfAbsent(ssrc, x -> new LayerRate()).add(len, now);
      if (vp8.wrap(buf, in.payloadOffset(), in.payloadLength())) {
        int height = vp8.keyframeHeight();
        if (height > 0) {
          from.heightBySsrc.put(ssrc, height);
        }
      }
    }
    if (audio) {
      updateLoudness(from, n, now);
    }
    if (!from.remote()) {
      toOcto(from, buf, off, len, audio, ssrc, now);
    }
    // Audio: how many others are louder than the sender, counted once for all receivers.
    int louder = audio ? louderThan(from) : 0;
    boolean beforeSender = true;
    for (Participant to : participants) {
      if (to == from) {
        beforeSender = false;
        continue;
      }
      if (to.remote()) {
        continue;
      }
      if (audio ? amongLoudest(from, to, louder, beforeSender) : ssrc == allocated(to, from, now)) {
        forward(from, to, buf, off, len, audio, now);
      }
      if (to.bandwidth != null) {
        to.bandwidth.pad(to, now);
      }
    }
  }

  /** At most once a second: the bridge's own receiver report to a sender, one block per stream. */
  private void sendReceiverReport(Participant from, long now) {
    if (from.remote() || now - from.lastReceiverReport < 1_000_000_000L) {
      return;
    }
    from.lastReceiverReport = now;
    byte[] report = new byte[8 + 31 * io.octopod.protocol.rtcp.ReportBlock.LENGTH + 32];
    int n = io.octopod.protocol.rtcp.ReceiverReport.write(report, 0, 1);
    int blocks = 0;
    for (ReceptionStatistics stats : from.reception.values()) {
      if (blocks == 31) {
        break;
      }
      n += stats.writeBlock(report, n, now);
      blocks++;
    }
    io.octopod.protocol.rtcp.SenderReport.setReportCount(report, 0, blocks, n);
    try {
      from.transport().sendRtcp(report, 0, n);
    } catch (GeneralSecurityException e) {
      LOG.log(Level.FINE, "could not send RR to " + from.endpoint.id(), e);
    }
  }

  private void sendTransportFeedback(Participant from) {
    if (from.transportCc == null) {
      return;
    }
    int n = from.transportCc.received(in, System.nanoTime() / 1000);
    if (n > 0) {
      byte[] packet = java.util.Arrays.copyOf(from.transportCc.feedback(), n + 32);
      try {
        from.transport().sendRtcp(packet, 0, n);
      } catch (GeneralSecurityException e) {
        LOG.log(Level.FINE, "could not send transport-cc feedback", e);
      }
    }
  }

  /** RFC 6464: the level byte's low 7 bits are -dBov (0 loudest, 127 silence). */
  private void updateLoudness(Participant from, AnswerBuilder.Negotiated n, long now) {
    Integer levelId = n.extensionIds().get(AnswerBuilder.AUDIO_LEVEL);
    if (levelId == null) {
      return;
    }
    int at = in.findExtension(levelId);
    if (at >= 0 && in.lastFoundLength() >= 1) {
      int level = in.buffer()[at] & 0x7f;
      from.loudness = from.loudness * 0.8 + (127 - level) * 0.2;
      speakers.levelReceived(from.speech, level, now / 1_000_000L);
    }
    if (now - lastSpeakerEvaluation >= SPEAKER_EVALUATION_NANOS) {
      lastSpeakerEvaluation = now;
      speakers.evaluate(now / 1_000_000L).ifPresent(this::dominantSpeakerChanged);
    }
  }

  private void dominantSpeakerChanged(String id) {
    dominantSpeaker = id;
    String message =
        io.octopod.bridge.channel.ClientMessages.write(
            io.octopod.protocol.channel.DominantSpeaker.of(id));
    for (Participant p : participants) {
      p.endpoint.sendToClient(message);
    }
    dominantSpeakerListener.accept(id);
  }

  /** Sends the receiver its slot mapping on its bridge channel if it changed since last sent. */
  private void pushSlots(Participant receiver) {
    List<io.octopod.protocol.control.SlotMapping> now = slots(receiver);
    if (now.equals(receiver.slotsSent)) {
      return;
    }
    if (receiver.endpoint.sendToClient(
        io.octopod.bridge.channel.ClientMessages.write(
            io.octopod.protocol.channel.Slots.of(now)))) {
      receiver.slotsSent = now;
    }
  }

  /**
   * How many other participants are louder than {@code from}; on equal loudness the one that joined
   * first counts as louder. Local and remote alike.
   */
  private int louderThan(Participant from) {
    int louder = 0;
    boolean joinedBefore = true;
    for (Participant p : participants) {
      if (p == from) {
        joinedBefore = false;
      } else if (louder(p, from, joinedBefore)) {
        louder++;
      }
    }
    return louder;
  }

  private static boolean louder(Participant p, Participant than, boolean joinedBefore) {
    return p.loudness > than.loudness || (p.loudness == than.loudness && joinedBefore);
  }

  /**
   * Whether {@code from} is among the receiver's A loudest other participants (A = its audio
   * slots), given how many participants are louder than {@code from} ({@link #louderThan}): the
   * receiver itself does not count. Ties keep join order. A participant never hears itself.
   */
  private static boolean amongLoudest(
      Participant from, Participant to, int louderThanFrom, boolean toJoinedBefore) {
    int slots = to.negotiated().audioSlotSsrcs().size();
    int louder = louderThanFrom - (louder(to, from, toJoinedBefore) ? 1 : 0);
    return louder < slots;
  }

  private void learnRid(Participant from, AnswerBuilder.Negotiated n, long ssrc) {
    Integer ridId = n.extensionIds().get(AnswerBuilder.RID);
    if (ridId == null || from.ridBySsrc.containsKey(ssrc)) {
      return;
    }
    int at = in.findExtension(ridId);
    if (at >= 0) {
      from.ridBySsrc.put(
          ssrc, new String(in.buffer(), at, in.lastFoundLength(), StandardCharsets.US_ASCII));
    }
  }

  private static final long ALLOCATION_INTERVAL_NANOS = 250_000_000L;

  private long allocated(Participant to, Participant from, long now) {
    if (now - to.allocatedAt > ALLOCATION_INTERVAL_NANOS) {
      to.allocation = allocate(to, now);
      to.allocatedAt = now;
      pushSlots(to);
    }
    Long ssrc = to.allocation.get(from.endpoint.id());
    return ssrc == null ? -1 : ssrc;
  }

  /**
   * Chooses, for one receiver, which layer of each sender to forward: senders in priority order
   * (on-stage first, then the dominant speaker, then by join order), cut to last-N; each at its
   * highest layer within the height its tile allows; then, while the total measured bitrate is over
   * the receiver's budget, the lowest-priority sender that can still step down does so.
   */
  Map<String, Long> allocate(Participant to, long now) {
    io.octopod.bridge.conference.ReceiverConstraints c = to.endpoint.constraints();
    List<Participant> senders = new java.util.ArrayList<>();
    for (Participant p : participants) {
      if (p != to) {
        senders.add(p);
      }
    }
    // Priority: the on-stage sender, then the dominant speaker, then join order (a stable sort).
    String speaker = dominantSpeaker;
    senders.sort(
        (a, b) ->
            Integer.compare(
                rank(a.endpoint.id(), c.onStage(), speaker),
                rank(b.endpoint.id(), c.onStage(), speaker)));
    // No more senders than the receiver has video slots: the others could not be shown, and
    // their bitrate would only push the shown ones down a layer.
    int shown = to.negotiated().videoSlotSsrcs().size();
    int limit = c.lastN() >= 0 ? Math.min(c.lastN(), shown) : shown;
    if (senders.size() > limit) {
      senders = senders.subList(0, limit);
    }
    Map<String, Long> choice = new java.util.HashMap<>();
    long total = 0;
    for (Participant sender : senders) {
      boolean stage = c.onStage() == null || sender.endpoint.id().equals(c.onStage());
      long ssrc = preferredLayer(sender, stage ? c.maxHeight() : c.thumbnailHeight(), now);
      if (ssrc >= 0) {
        choice.put(sender.endpoint.id(), ssrc);
        total += bitrate(sender, ssrc);
      }
    }
    long budget = c.maxBitrate();
    if (to.bandwidth != null) {
      to.bandwidth.desired(total);
      budget = Math.min(budget, to.bandwidth.estimate());
    }
    boolean steppedDown = true;
    while (total > budget && steppedDown) {
      steppedDown = false;
      for (int i = senders.size() - 1; i >= 0 && !steppedDown; i--) {
        Participant sender = senders.get(i);
        Long current = choice.get(sender.endpoint.id());
        long lower = current == null ? -1 : lowerLayer(sender, current, now);
        if (lower >= 0) {
          total += bitrate(sender, lower) - bitrate(sender, current);
          choice.put(sender.endpoint.id(), lower);
          steppedDown = true;
        }
      }
    }
    return Map.copyOf(choice);
  }

  private static int rank(String id, String onStage, String speaker) {
    if (id.equals(onStage)) {
      return 0;
    }
    return id.equals(speaker) ? 1 : 2;
  }

  private static long bitrate(Participant sender, long ssrc) {
    LayerRate rate = sender.rateBySsrc.get(ssrc);
    return rate == null ? 0 : rate.bitrate();
  }

  /** The active layer just below {@code ssrc}, or -1 when it is the lowest. */
  private static long lowerLayer(Participant sender, long ssrc, long now) {
    List<String> rids = sender.negotiated().rids();
    String rid = sender.ridBySsrc.get(ssrc);
    int rank = rid == null ? 0 : rids.indexOf(rid);
    long best = -1;
    int bestRank = -1;
    for (Map.Entry<Long, Long> e : sender.lastPacketAt.entrySet()) {
      if (now - e.getValue() > LAYER_TIMEOUT_NANOS) {
        continue;
      }
      String r = sender.ridBySsrc.get(e.getKey());
      int k = r == null ? -1 : rids.indexOf(r);
      if (k >= 0 && k < rank && k > bestRank) {
        bestRank = k;
        best = e.getKey();
      }
    }
    return best;
  }

  /**
   * The layer of a sender to forward to a receiver: the highest active layer (rids are listed low
   * to high) not taller than the receiver's maximum; the lowest active one when none is small
   * enough. A layer whose height is not known yet counts by its rank only.
   */
  private static long preferredLayer(Participant from, int maxHeight, long now) {
    List<String> rids = from.negotiated().rids();
    long best = -1;
    int bestRank = -1;
    long lowest = -1;
    int lowestRank = Integer.MAX_VALUE;
    for (Map.Entry<Long, Long> e : from.lastPacketAt.entrySet()) {
      if (now - e.getValue() > LAYER_TIMEOUT_NANOS) {
        continue;
      }
      String rid = from.ridBySsrc.get(e.getKey());
      int rank = rid == null ? (rids.isEmpty() ? 0 : -1) : rids.indexOf(rid);
      if (rank < 0) {
        continue;
      }
      if (rank < lowestRank) {
        lowestRank = rank;
        lowest = e.getKey();
      }
      Integer height = from.heightBySsrc.get(e.getKey());
      boolean fits =
          height == null ? maxHeight == Integer.MAX_VALUE || rank == 0 : height <= maxHeight;
      if (fits && rank > bestRank) {
        bestRank = rank;
        best = e.getKey();
      }
    }
    return best >= 0 ? best : lowest;
  }

  private void forward(
      Participant from, Participant to, byte[] buf, int off, int len, boolean audio, long now) {
    SlotRewriter slot = slotFor(to, from, audio);
    if (slot == null) {
      return;
    }
    if (outgoing.length < len + 32) {
      outgoing = new byte[len + 32];
    }
    byte[] copy = outgoing;
    System.arraycopy(buf, off, copy, 0, len);
    if (!out.wrap(copy, 0, len)) {
      return;
    }
    boolean keyframe = false;
    Vp8PayloadDescriptor descriptor = null;
    if (!audio && vp8.wrap(copy, out.payloadOffset(), out.payloadLength())) {
      descriptor = vp8;
      keyframe = vp8.keyframe();
    }
    if (!slot.rewrite(out, descriptor, keyframe)) {
      requestKeyframe(from, out.ssrc(), now);
      return;
    }
    AnswerBuilder.Negotiated receiver = to.negotiated();
    out.payloadType(audio ? receiver.opusPayloadType() : receiver.vp8PayloadType());
    mapExtensions(out, from.negotiated(), receiver);
    slot.sent(out.payloadLength());
    int length = out.length();
    if (to.bandwidth != null) {
      length = to.bandwidth.stamp(out, len + 16, now);
      to.bandwidth.mediaSent(length, now);
    }
    repair.sent(slot, copy, 0, length, now);
    try {
      to.transport().sendRtp(copy, 0, length);
    } catch (GeneralSecurityException e) {
      LOG.log(Level.FINE, "could not protect for " + to.endpoint.id(), e);
    }
  }

  /**
   * Gives the packet's header extensions the ids the receiver negotiated (browsers may pick
   * different ids for the same extension), dropping the ones the receiver did not negotiate.
   */
  static void mapExtensions(
      RtpPacket packet, AnswerBuilder.Negotiated sender, AnswerBuilder.Negotiated receiver) {
    if (!packet.hasExtension()
        || sender.extensionIds() == receiver.extensionIds()
        || sender.extensionIds().equals(receiver.extensionIds())) {
      return;
    }
    boolean oneByte = packet.extensionProfile() == RtpPacket.ONE_BYTE_PROFILE;
    int[] drop = new int[16];
    int drops = 0;
    io.octopod.protocol.rtp.HeaderExtensions it = packet.extensions();
    while (it.next()) {
      int target = -1;
      for (Map.Entry<String, Integer> e : sender.extensionIds().entrySet()) {
        if (e.getValue() == it.id()) {
          Integer mapped = receiver.extensionIds().get(e.getKey());
          target = mapped == null ? -1 : mapped;
        }
      }
      if (target < 0 || (oneByte && target > 14)) {
        if (drops < drop.length) {
          drop[drops++] = it.id();
        }
      } else if (oneByte) {
        int at = it.valueOffset() - 1;
        packet.buffer()[at] = (byte) ((target << 4) | (packet.buffer()[at] & 0x0f));
      } else {
        packet.buffer()[it.valueOffset() - 2] = (byte) target;
      }
    }
    for (int i = 0; i < drops; i++) {
      packet.removeExtension(drop[i]);
    }
  }

  /** The receiver's slot for this sender, assigning the next free one; null when all are taken. */
  private SlotRewriter slotFor(Participant to, Participant from, boolean audio) {
    Map<String, SlotRewriter> slots = audio ? to.audioSlots : to.videoSlots;
    SlotRewriter slot = slots.get(from.endpoint.id());
    if (slot != null) {
      return slot;
    }
    List<Long> ssrcs = audio ? to.negotiated().audioSlotSsrcs() : to.negotiated().videoSlotSsrcs();
    for (Long ssrc : ssrcs) {
      if (!taken(slots, ssrc)) {
        SlotRewriter fresh = new SlotRewriter(ssrc, !audio);
        slots.put(from.endpoint.id(), fresh);
        return fresh;
      }
    }
    if (!audio) {
      // A slot whose sender is no longer allocated to this receiver (priority moved on) goes to
      // this one; the slot's stream continues across the change, at the new sender's keyframe.
      for (Map.Entry<String, SlotRewriter> held : slots.entrySet()) {
        if (!to.allocation.containsKey(held.getKey())) {
          SlotRewriter freed = slots.remove(held.getKey());
          slots.put(from.endpoint.id(), freed);
          return freed;
        }
      }
    }
    if (audio) {
      // All audio slots are taken and this speaker is now among the loudest: it takes over the
      // slot of the quietest holder; the slot's stream stays continuous across the change.
      String quietest = null;
      double quietestLoudness = Double.MAX_VALUE;
      for (Participant p : participants) {
        if (slots.containsKey(p.endpoint.id()) && p.loudness < quietestLoudness) {
          quietest = p.endpoint.id();
          quietestLoudness = p.loudness;
        }
      }
      if (quietest != null && quietestLoudness < from.loudness) {
        SlotRewriter taken = slots.remove(quietest);
        slots.put(from.endpoint.id(), taken);
        return taken;
      }
    }
    return null;
  }

  private static boolean taken(Map<String, SlotRewriter> slots, long ssrc) {
    for (SlotRewriter s : slots.values()) {
      if (s.slotSsrc() == ssrc) {
        return true;
      }
    }
    return false;
  }

  /** Asks a sender for a keyframe of one of its streams, at most every 300 ms. */
  private void requestKeyframe(Participant sender, long mediaSsrc, long now) {
    if (now - sender.lastKeyframeRequest < PLI_INTERVAL_NANOS) {
      return;
    }
    sender.lastKeyframeRequest = now;
    byte[] pli = new byte[PictureLossIndication.LENGTH + 32];
    int n = PictureLossIndication.write(pli, 0, 1, mediaSsrc);
    try {
      sender.sendFeedback(pli, 0, n);
    } catch (GeneralSecurityException e) {
      LOG.log(Level.FINE, "could not send PLI to " + sender.endpoint.id(), e);
    }
  }

  private final io.octopod.protocol.rtcp.SenderReport senderReport =
      new io.octopod.protocol.rtcp.SenderReport();

  /**
   * Passes a sender's report on to every receiver whose slot carries that stream, as the slot's own
   * report: the slot's SSRC, the RTP timestamp shifted like the slot's packets, the slot's packet
   * and octet counts, and the sender's NTP time. Receivers need it to keep lip sync.
   */
  private void translateSenderReport(Participant from, byte[] buf, int off, int len) {
    if (!senderReport.wrap(buf, off, len)) {
      return;
    }
    long source = senderReport.senderSsrc();
    ReceptionStatistics stats = from.reception.get(source);
    if (stats != null) {
      stats.senderReport(senderReport.ntpTimestamp(), System.nanoTime());
    }
    for (Participant to : participants) {
      if (to == from || to.remote()) {
        continue;
      }
      SlotRewriter video = to.videoSlots.get(from.endpoint.id());
      SlotRewriter audio = to.audioSlots.get(from.endpoint.id());
      for (SlotRewriter slot : new SlotRewriter[] {video, audio}) {
        if (slot == null || slot.source() != source) {
          continue;
        }
        byte[] report = new byte[io.octopod.protocol.rtcp.SenderReport.FIXED_LENGTH + 32];
        int n =
            io.octopod.protocol.rtcp.SenderReport.write(
                report,
                0,
                slot.slotSsrc(),
                senderReport.ntpTimestamp(),
                slot.translateTimestamp(senderReport.rtpTimestamp()),
                slot.packetsSent(),
                slot.octetsSent());
        try {
          to.transport().sendRtcp(report, 0, n);
        } catch (GeneralSecurityException e) {
          LOG.log(Level.FINE, "could not send a translated SR to " + to.endpoint.id(), e);
        }
      }
    }
  }

  /** Routes a receiver's PLI or FIR for one of its slots to the sender the slot carries. */
  void onRtcp(Participant from, byte[] buf, int off, int len) {
    if (!rtcp.wrap(buf, off, len)) {
      return;
    }
    long now = System.nanoTime();
    while (rtcp.next()) {
      if (rtcp.packetType() == RtcpPacket.SR) {
        translateSenderReport(from, buf, rtcp.packetOffset(), rtcp.packetLength());
        OctoUplink link = octo;
        if (link != null && link.hasPeers()) {
          // Remote bridges translate it for their receivers, as this bridge does for its own.
          link.send(
              OctoUplink.ALL_RELAYS,
              OctoHeader.KIND_RTCP,
              OctoHeader.MEDIA_NONE,
              OctoHeader.NO_LAYER,
              from.octoNumber,
              buf,
              rtcp.packetOffset(),
              rtcp.packetLength());
        }
        continue;
      }
      if (rtcp.packetType() == RtcpPacket.RTPFB
          && rtcp.countOrFormat() == io.octopod.protocol.rtcp.TransportWideFeedback.FORMAT
          && from.bandwidth != null) {
        from.bandwidth.onFeedback(buf, rtcp.packetOffset(), rtcp.packetLength(), now);
        long rtt = from.bandwidth.rttNanos();
        if (rtt > 0) {
          from.rttNanos = Math.max(rtt, 10_000_000L);
        }
        continue;
      }
      if (rtcp.packetType() == RtcpPacket.RTPFB
          && rtcp.countOrFormat() == io.octopod.protocol.rtcp.GenericNack.FORMAT) {
        repair.onNack(from, buf, rtcp.packetOffset(), rtcp.packetLength(), now);
        continue;
      }
      boolean pli =
          rtcp.packetType() == RtcpPacket.PSFB
              && rtcp.countOrFormat() == PictureLossIndication.FORMAT;
      boolean fir =
          rtcp.packetType() == RtcpPacket.PSFB && rtcp.countOrFormat() == FullIntraRequest.FORMAT;
      if (!pli && !fir || rtcp.packetLength() < 12) {
        continue;
      }
      long media = io.octopod.protocol.Bytes.u32(buf, rtcp.packetOffset() + (fir ? 12 : 8));
      for (Map.Entry<String, SlotRewriter> e : from.videoSlots.entrySet()) {
        if (e.getValue().slotSsrc() == media && e.getValue().source() >= 0) {
          for (Participant sender : participants) {
            if (sender.endpoint.id().equals(e.getKey())) {
              requestKeyframe(sender, e.getValue().source(), now);
            }
          }
        }
      }
    }
  }

  // ---- Octo: the conference's other bridges -------------------------------------------------

  /** How long a peer bridge may go without listing a participant before it is removed. */
  static final long REMOTE_TIMEOUT_NANOS = 3_000_000_000L;

  /** Least time between two resends of one packet to a peer bridge. */
  private static final long OCTO_RESEND_GUARD_NANOS = 50_000_000L;

  private final io.octopod.protocol.rtcp.GenericNack octoNack =
      new io.octopod.protocol.rtcp.GenericNack();
  private final int[] octoLost = new int[512];
  private final CompoundRtcpIterator octoRtcp = new CompoundRtcpIterator();

  /** Connects the router to its conference's Octo links (null to disconnect). */
  public void octo(OctoUplink uplink) {
    this.octo = uplink;
  }

  /**
   * Every packet of a local sender, all simulcast layers and audio, goes to every peer bridge, so a
   * remote receiver can switch layers without asking upstream. Video is kept to answer the peers'
   * NACKs from here.
   */
  private void toOcto(
      Participant from, byte[] buf, int off, int len, boolean audio, long ssrc, long now) {
    OctoUplink link = octo;
    if (link == null || !link.hasPeers()) {
      return;
    }
    int sequence = in.sequenceNumber();
    link.send(
        OctoUplink.ALL_RELAYS,
        OctoHeader.KIND_RTP,
        audio ? OctoHeader.MEDIA_AUDIO : OctoHeader.MEDIA_VIDEO,
        audio ? OctoHeader.NO_LAYER : layerOf(from, ssrc),
        from.octoNumber,
        buf,
        off,
        len);
    if (!audio && repair.enabled()) {
      from.octoSent
          .computeIfAbsent(ssrc, x -> new io.octopod.bridge.repair.SentPacketCache())
          .store(sequence, buf, off, len, now);
    }
  }

  /** A video stream's simulcast layer (its rid's rank), or NO_LAYER when not known. */
  private static int layerOf(Participant from, long ssrc) {
    String rid = from.ridBySsrc.get(ssrc);
    int rank = rid == null ? -1 : from.negotiated().rids().indexOf(rid);
    return rank < 0 || rank >= OctoHeader.NO_LAYER ? OctoHeader.NO_LAYER : rank;
  }

  /** The local participants, as this bridge lists them to its peers. */
  public List<OctoSources.Source> localSources() {
    List<OctoSources.Source> out = new java.util.ArrayList<>();
    for (Participant p : participants) {
      if (p.remote()) {
        continue;
      }
      AnswerBuilder.Negotiated n = p.negotiated();
      out.add(
          new OctoSources.Source(
              p.endpoint.id(),
              p.octoNumber,
              p.endpoint.region(),
              n.opusPayloadType(),
              n.vp8PayloadType(),
              n.rtxPayloadType(),
              n.extensionIds(),
              n.rids()));
    }
    return out;
  }

  /**
   * A peer bridge's list of its participants: new ones become eligible for local receivers' slots,
   * listed ones stay, and the ones it no longer lists leave.
   */
  public void remoteSources(
      long relayNumber, List<OctoSources.Source> sources, OctoUplink uplink, long now) {
    java.util.Set<Long> listed = new java.util.HashSet<>();
    for (OctoSources.Source source : sources) {
      if (source.invalidReason() != null) {
        continue;
      }
      listed.add(source.number());
      Participant existing = remote(relayNumber, source.number());
      if (existing != null && existing.endpoint.id().equals(source.endpointId())) {
        existing.lastListedAt = now;
        continue;
      }
      if (existing != null) {
        remove(existing.endpoint);
      }
      if (participantNamed(source.endpointId()) != null) {
        // The same id on two bridges: the local one wins; the operator will sort it out.
        LOG.fine("relay " + relayNumber + " lists " + source.endpointId() + ", which is local");
        continue;
      }
      AnswerBuilder.Negotiated negotiated =
          new AnswerBuilder.Negotiated(
              source.opusPayloadType(),
              source.vp8PayloadType(),
              source.rtxPayloadType(),
              source.extensionIds(),
              source.rids(),
              null,
              List.of(),
              List.of());
      Participant p =
          new Participant(
              new Endpoint(source.endpointId(), source.region(), null),
              negotiated,
              relayNumber,
              source.number(),
              uplink);
      p.lastListedAt = now;
      p.speech = speakers.addSpeaker(source.endpointId());
      participants.add(p);
    }
    for (Participant p : participants) {
      if (p.relayNumber == relayNumber && !listed.contains(p.octoNumber)) {
        remove(p.endpoint);
      }
    }
  }

  /**
   * Removes the remote participants of bridges that are no longer peers, or that have not listed
   * them for {@link #REMOTE_TIMEOUT_NANOS} (a bridge that crashed or lost its link).
   */
  public void expireRemote(java.util.Set<Long> peers, long now) {
    for (Participant p : participants) {
      if (p.remote()
          && (!peers.contains(p.relayNumber) || now - p.lastListedAt > REMOTE_TIMEOUT_NANOS)) {
        remove(p.endpoint);
      }
    }
  }

  /** The ids of participants on other bridges that local receivers can see now. */
  public List<String> remoteParticipants() {
    List<String> ids = new java.util.ArrayList<>();
    for (Participant p : participants) {
      if (p.remote()) {
        ids.add(p.endpoint.id());
      }
    }
    return ids;
  }

  private Participant remote(long relayNumber, long number) {
    for (Participant p : participants) {
      if (p.relayNumber == relayNumber && p.octoNumber == number && p.remote()) {
        return p;
      }
    }
    return null;
  }

  private Participant local(long number) {
    for (Participant p : participants) {
      if (!p.remote() && p.octoNumber == number) {
        return p;
      }
    }
    return null;
  }

  private Participant participantNamed(String id) {
    for (Participant p : participants) {
      if (p.endpoint.id().equals(id)) {
        return p;
      }
    }
    return null;
  }

  /** An RTP packet of a remote participant, opened, from its bridge. */
  public void octoRtp(long relayNumber, long number, int layer, byte[] buf, int off, int len) {
    octoRtp(relayNumber, number, layer, buf, off, len, System.nanoTime());
  }

  /** {@link #octoRtp} at a given time, for tests that simulate time. */
  void octoRtp(long relayNumber, long number, int layer, byte[] buf, int off, int len, long now) {
    Participant from = remote(relayNumber, number);
    if (from == null || !in.wrap(buf, off, len)) {
      return;
    }
    List<String> rids = from.negotiated().rids();
    if (layer < rids.size() && !from.ridBySsrc.containsKey(in.ssrc())) {
      from.ridBySsrc.put(in.ssrc(), rids.get(layer));
    }
    route(from, buf, off, len, now);
  }

  /**
   * RTCP from a peer bridge: a remote sender's SR (translated for local receivers like a local
   * one's), or a NACK or keyframe request about a local sender from the peer's receivers.
   */
  public void octoRtcp(long relayNumber, long number, byte[] buf, int off, int len) {
    octoRtcp(relayNumber, number, buf, off, len, System.nanoTime());
  }

  /** {@link #octoRtcp} at a given time, for tests that simulate time. */
  void octoRtcp(long relayNumber, long number, byte[] buf, int off, int len, long now) {
    if (!octoRtcp.wrap(buf, off, len)) {
      return;
    }
    while (octoRtcp.next()) {
      int at = octoRtcp.packetOffset();
      int length = octoRtcp.packetLength();
      if (octoRtcp.packetType() == RtcpPacket.SR) {
        Participant sender = remote(relayNumber, number);
        if (sender != null) {
          translateSenderReport(sender, buf, at, length);
        }
        continue;
      }
      Participant sender = local(number);
      if (sender == null) {
        continue;
      }
      if (octoRtcp.packetType() == RtcpPacket.RTPFB
          && octoRtcp.countOrFormat() == io.octopod.protocol.rtcp.GenericNack.FORMAT) {
        answerOctoNack(relayNumber, sender, buf, at, length, now);
      } else if (octoRtcp.packetType() == RtcpPacket.PSFB && length >= 12) {
        boolean fir = octoRtcp.countOrFormat() == FullIntraRequest.FORMAT;
        if ((fir || octoRtcp.countOrFormat() == PictureLossIndication.FORMAT)
            && length >= (fir ? 16 : 12)) {
          // Throttled per sender, like local receivers' requests.
          requestKeyframe(sender, io.octopod.protocol.Bytes.u32(buf, at + (fir ? 12 : 8)), now);
        }
      }
    }
  }

  /** A peer bridge lost packets of a local sender: resend them from the Octo cache. */
  private void answerOctoNack(
      long relayNumber, Participant sender, byte[] buf, int off, int len, long now) {
    OctoUplink link = octo;
    if (link == null || !octoNack.wrap(buf, off, len)) {
      return;
    }
    long ssrc = octoNack.mediaSsrc();
    io.octopod.bridge.repair.SentPacketCache cache = sender.octoSent.get(ssrc);
    int count = octoNack.lostSequenceNumbers(octoLost);
    int resent = 0;
    int misses = 0;
    for (int i = 0; i < count; i++) {
      int index = cache == null ? -1 : cache.find(octoLost[i], now);
      if (index < 0) {
        misses++;
      } else if (cache.claimResend(index, now, OCTO_RESEND_GUARD_NANOS)) {
        link.send(
            relayNumber,
            OctoHeader.KIND_RTP,
            OctoHeader.MEDIA_VIDEO,
            layerOf(sender, ssrc),
            sender.octoNumber,
            cache.buffer(index),
            0,
            cache.length(index));
        resent++;
      }
    }
    link.repairCounted(0, count, resent, misses);
  }
}
