package io.octopod.bridge;

import io.netty.channel.EventLoopGroup;
import io.octopod.bridge.conference.ConferenceRegistry;
import io.octopod.bridge.conference.Drain;
import io.octopod.bridge.conference.EndpointExpiry;
import io.octopod.bridge.config.BridgeConfig;
import io.octopod.bridge.control.ControlApi;
import io.octopod.bridge.control.DrainThenExit;
import io.octopod.bridge.dtls.DtlsIdentity;
import io.octopod.bridge.http.ControlHttpServer;
import io.octopod.bridge.net.MediaSocket;
import io.octopod.bridge.net.TransportFactory;
import io.octopod.bridge.sfu.ConferenceRouter;
import io.octopod.bridge.sfu.SfuOfferAnswerer;
import io.octopod.bridge.stats.BridgeMetrics;
import io.octopod.bridge.stats.TrafficMeter;
import io.octopod.bridge.transport.MediaDemux;
import io.octopod.bridge.transport.TransportCounters;
import io.octopod.protocol.control.BridgeStats;
import io.octopod.protocol.octo.OctoHeader;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A running bridge: its sockets and its HTTP server, started together and closed together. */
public final class Bridge implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Bridge.class.getName());

  private final BridgeConfig config;
  private final EventLoopGroup group;

  /**
   * The control API and the bridge channel: their HTTP, JSON and SDP parsing (bodies up to 1 MiB)
   * runs here, never on a loop that forwards media.
   */
  private final EventLoopGroup controlGroup;

  private final ScheduledExecutorService scheduler;
  private final MediaSocket media;
  private final MediaDemux demux;
  private final TransportCounters transportCounters = new TransportCounters();
  private final DtlsIdentity dtlsIdentity;
  private final java.util.concurrent.ExecutorService handshakes;
  private final MediaSocket octoSocket;
  private final io.octopod.bridge.octo.OctoTransport octo;
  private final SfuOfferAnswerer answerer;
  private final ConferenceRegistry conferences;
  private final Drain drain;
  private final DrainThenExit drainThenExit;
  private final java.util.List<io.octopod.bridge.http.Route> controlRoutes;
  private final EndpointExpiry expiry;
  private final TrafficMeter trafficIn;
  private final TrafficMeter trafficOut;
  private final BridgeMetrics metrics = new BridgeMetrics();
  private volatile ControlHttpServer control;
  private final io.octopod.bridge.channel.BridgeChannelServer channels;

  private Bridge(BridgeConfig config, Runnable exit) throws InterruptedException {
    this.config = config;
    this.group = TransportFactory.newEventLoopGroup(0);
    this.controlGroup = TransportFactory.newEventLoopGroup(CONTROL_THREADS);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bridge-scheduler-" + config.relayId());
              t.setDaemon(true);
              return t;
            });
    this.dtlsIdentity = DtlsIdentity.generate("octopod-" + config.relayId());
    // At most HANDSHAKE_THREADS handshakes at once; the others wait their turn. One handshake per
    // endpoint, and a peer that starts one and goes silent holds its thread until the handshake
    // timeout: the bound keeps a burst of those from costing a thread each.
    java.util.concurrent.ThreadPoolExecutor pool =
        new java.util.concurrent.ThreadPoolExecutor(
            HANDSHAKE_THREADS,
            HANDSHAKE_THREADS,
            30,
            TimeUnit.SECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "dtls-handshake-" + config.relayId());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    this.handshakes = pool;
    this.drain = new Drain(this::participants, scheduler, System::nanoTime);
    this.conferences = new ConferenceRegistry(() -> !drain.draining());
    this.trafficIn =
        new TrafficMeter(
            () -> mediaDatagrams() + octoCount(true, false),
            () -> mediaBytes() + octoCount(true, true),
            System::nanoTime);
    this.trafficOut =
        new TrafficMeter(
            () -> mediaDatagramsSent() + octoCount(false, false),
            () -> mediaBytesSent() + octoCount(false, true),
            System::nanoTime);
    MediaDemux[] router = new MediaDemux[1];
    io.octopod.bridge.octo.OctoTransport[] octoRouter = new io.octopod.bridge.octo.OctoTransport[1];
    MediaSocket mediaPort = null;
    MediaSocket octoPort = null;
    try {
      mediaPort =
          MediaSocket.bind(
              group,
              config.bindAddress(),
              config.mediaPort(),
              (b, o, l, f) -> router[0].received(b, o, l, f));
      // On the media port's own event loop: Octo feeds the same routers, which are single-threaded.
      // It reads one byte more than a peer may send, so a longer datagram shows as oversized.
      octoPort =
          MediaSocket.bind(
              mediaPort.eventLoop(),
              config.bindAddress(),
              config.octoPort(),
              OctoHeader.MAX_DATAGRAM + 1,
              (b, o, l, f) -> octoRouter[0].received(b, o, l, f));
    } catch (InterruptedException | RuntimeException e) {
      if (mediaPort != null) {
        mediaPort.close();
      }
      abandon(octoPort);
      throw e;
    }
    this.media = mediaPort;
    this.demux = new MediaDemux(mediaPort, transportCounters);
    router[0] = demux;
    this.octoSocket = octoPort;
    // Endpoints that never connect, lose consent (RFC 7675) or fail are removed, on the loop that
    // forwards the conferences' media, so no removal runs in the middle of another's packet.
    this.expiry = new EndpointExpiry(conferences, config.endpointTimeout(), System::nanoTime);
    long period = EndpointExpiry.checkPeriod(config.endpointTimeout()).toMillis();
    mediaPort
        .eventLoop()
        .scheduleWithFixedDelay(this::expireUnused, period, period, TimeUnit.MILLISECONDS);
    registerMetrics();
    SfuOfferAnswerer answerer =
        new SfuOfferAnswerer(
            demux,
            media,
            handshakes,
            dtlsIdentity,
            config.advertisedHost(),
            media.port(),
            config.receiverMaxBitrate(),
            config.repairLoss());
    this.answerer = answerer;
    this.octo =
        new io.octopod.bridge.octo.OctoTransport(
            octoPort, mediaPort.eventLoop(), conferences, answerer::router);
    octoRouter[0] = octo;
    answerer.octo(octo::uplink);
    conferences.onConferenceCreated(c -> c.remoteDelivery(octo::deliverRemotely));
    mediaPort.eventLoop().scheduleAtFixedRate(octo::tick, 500, 500, TimeUnit.MILLISECONDS);
    conferences.onEndpointRemoved(answerer::released);
    conferences.onEndpointRemoved(endpoint -> endpoint.channel(null));
    try {
      this.channels =
          io.octopod.bridge.channel.BridgeChannelServer.start(
              controlGroup,
              config.bindAddress(),
              config.publicPort(),
              conferences,
              new io.octopod.bridge.channel.BridgeChannelServer.Hellos(
                  config.relayId(), config.region()));
    } catch (InterruptedException | RuntimeException e) {
      media.close();
      abandon(octoSocket);
      throw e;
    }
    this.drainThenExit = new DrainThenExit(drain, exit);
    ControlApi api =
        new ControlApi(
            conferences,
            drain,
            config.drainTimeout(),
            this::stats,
            metrics::scrape,
            answerer,
            drainThenExit,
            "ws://"
                + config.advertisedHost()
                + ":"
                + channels.port()
                + io.octopod.bridge.channel.BridgeChannelServer.PATH);
    this.controlRoutes = api.routes();
    try {
      this.control =
          ControlHttpServer.start(
              controlGroup,
              config.controlBindAddress(),
              config.controlPort(),
              config.controlToken(),
              controlRoutes);
    } catch (InterruptedException | RuntimeException e) {
      channels.close();
      media.close();
      abandon(octoSocket);
      throw e;
    }
  }

  /** Starts a bridge whose drain-and-exit request only closes the bridge (tests, tools). */
  public static Bridge start(BridgeConfig config) throws InterruptedException {
    Bridge[] self = new Bridge[1];
    self[0] = new Bridge(config, () -> self[0].close());
    return self[0];
  }

  /**
   * Starts a bridge that runs {@code exit} when a drain asked the process to stop (the process
   * entry point passes {@code System.exit}).
   */
  public static Bridge start(BridgeConfig config, Runnable exit) throws InterruptedException {
    return new Bridge(config, exit);
  }

  public BridgeConfig config() {
    return config;
  }

  public ConferenceRegistry conferences() {
    return conferences;
  }

  /** Threads that parse control and bridge-channel traffic, apart from the media loops. */
  static final int CONTROL_THREADS = 2;

  /** DTLS handshakes run at once; more wait in a queue. */
  static final int HANDSHAKE_THREADS = 16;

  /** Whether a thread forwards media (tests check that control traffic is parsed elsewhere). */
  public boolean isMediaThread(Thread thread) {
    for (io.netty.util.concurrent.EventExecutor loop : group) {
      if (loop.inEventLoop(thread)) {
        return true;
      }
    }
    return false;
  }

  public Drain drain() {
    return drain;
  }

  /** The control API's routes, with which of them need the token. */
  public java.util.List<io.octopod.bridge.http.Route> controlRoutes() {
    return controlRoutes;
  }

  /**
   * What SIGTERM does: no new participants, and the process stops once the last one left or the
   * drain timeout passed. The pod's grace period is the drain timeout plus a margin, so the kubelet
   * waits for it.
   */
  public java.util.concurrent.CompletableFuture<Boolean> drainThenExit() {
    LOG.info(
        "stopping: draining "
            + conferences.endpointCount()
            + " participants for at most "
            + config.drainTimeout().toSeconds()
            + " s, then exiting");
    return drainThenExit.start(config.drainTimeout());
  }

  public int mediaPort() {
    return media.port();
  }

  /** The media port's router: endpoints register their transports here. */
  public MediaDemux mediaDemux() {
    return demux;
  }

  /** This bridge's DTLS certificate; its fingerprint goes into every answer. */
  public DtlsIdentity dtlsIdentity() {
    return dtlsIdentity;
  }

  /** Runs DTLS handshakes off the packet threads. */
  public java.util.concurrent.Executor handshakes() {
    return handshakes;
  }

  /** The media port itself, to send from. */
  public MediaSocket mediaSocket() {
    return media;
  }

  private long mediaDatagrams() {
    return media == null ? 0 : media.datagramsReceived();
  }

  private long mediaDatagramsSent() {
    return media == null ? 0 : media.datagramsSent();
  }

  private long mediaBytesSent() {
    return media == null ? 0 : media.bytesSent();
  }

  private long mediaBytes() {
    return media == null ? 0 : media.bytesReceived();
  }

  public int octoPort() {
    return octoSocket.port();
  }

  /** The router of a conference with participants on this bridge, or null. */
  public ConferenceRouter router(String conferenceId) {
    return answerer.router(conferenceId);
  }

  /** Octo traffic and drops. */
  public io.octopod.bridge.octo.OctoCounters octoCounters() {
    return octo.counters();
  }

  private long octoCount(boolean in, boolean bytes) {
    if (octo == null) {
      return 0;
    }
    io.octopod.bridge.octo.OctoCounters c = octo.counters();
    if (in) {
      return bytes ? c.receivedBytes() : c.received();
    }
    return bytes ? c.sentBytes() : c.sent();
  }

  public int controlPort() {
    return control.port();
  }

  /** Bridge-channel upgrades refused (unknown endpoint, wrong token, bad path). */
  public long channelRefused() {
    return channels.refused();
  }

  /** Bridge-channel messages dropped unread because their sender was over its budget. */
  public long channelRateLimited() {
    return channels.rateLimited();
  }

  /** The public HTTP port: the bridge channel. */
  public int publicPort() {
    return channels.port();
  }

  /** Requests the control API refused for a missing or wrong token. */
  public long unauthorizedRequests() {
    return control.unauthorizedRequests();
  }

  /**
   * One expiry pass; a failure is logged and the next pass runs (a thrown task would stop them).
   */
  private void expireUnused() {
    try {
      expiry.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "endpoint expiry failed", e);
    }
  }

  /** Endpoints the bridge removed itself, by reason (never-connected, consent-expired, ...). */
  public Map<String, Long> endpointsExpired() {
    return expiry.counts();
  }

  private int participants() {
    return conferences.endpointCount();
  }

  /** Load between 0 and 1 (more when overloaded): the busier of participants and packet rate. */
  public double stress() {
    double byParticipants = (double) participants() / config.maxParticipants();
    double byPackets = (double) trafficIn.packetRate() / config.maxPacketRate();
    return Math.max(byParticipants, byPackets);
  }

  public String state() {
    if (drain.exitRequested()) {
      return "shutting-down";
    }
    return drain.draining() ? "draining" : "ready";
  }

  /** The {@code /colibri/stats} body. */
  public BridgeStats stats() {
    return new BridgeStats(
        config.relayId(),
        config.region(),
        state(),
        stress(),
        config.maxParticipants(),
        conferences.conferenceCount(),
        participants(),
        trafficIn.packetRate(),
        trafficOut.packetRate(),
        trafficIn.bitRate(),
        trafficOut.bitRate(),
        conferences.infos(),
        octo.counters().snapshot(),
        expiry.counts());
  }

  private void registerMetrics() {
    metrics
        .gauge(
            "octopod_bridge_conferences",
            "Conferences on this bridge",
            conferences::conferenceCount)
        .gauge("octopod_bridge_participants", "Endpoints on this bridge", this::participants)
        .gauge("octopod_bridge_stress", "Load, 1 = full", this::stress)
        .gauge(
            "octopod_bridge_draining", "1 while the bridge drains", () -> drain.draining() ? 1 : 0)
        .labelledCounter(
            "octopod_bridge_endpoints_expired",
            "Endpoints the bridge removed itself, by reason (see docs/control-api.md)",
            "reason",
            () -> expiry == null ? Map.of() : expiry.counts())
        .counter(
            "octopod_bridge_media_datagrams_received",
            "Datagrams received on the media port",
            this::mediaDatagrams)
        .counter(
            "octopod_bridge_media_dropped_unknown_kind",
            "Media-port datagrams that were neither STUN, DTLS, RTP nor RTCP",
            transportCounters::unknownKind)
        .counter(
            "octopod_bridge_media_dropped_unknown_source",
            "DTLS or media from an address no endpoint has checked",
            transportCounters::unknownSource)
        .labelledCounter(
            "octopod_bridge_srtp_dropped",
            "SRTP and SRTCP packets of all endpoints dropped, by reason (see docs/transport.md)",
            "reason",
            () -> transportCounters.srtp().droppedByReason())
        .counter(
            "octopod_bridge_stun_bad_integrity",
            "Binding requests refused for a bad MESSAGE-INTEGRITY or FINGERPRINT",
            transportCounters::stunBadIntegrity)
        .counter(
            "octopod_bridge_stun_replay_refused",
            "Replayed binding requests not followed: they would have moved or taught an address",
            transportCounters::stunReplayRefused)
        .counter(
            "octopod_bridge_stun_for_no_endpoint",
            "Binding requests for an unknown ufrag",
            transportCounters::stunForNoEndpoint)
        .counter(
            "octopod_bridge_octo_datagrams_received",
            "Datagrams received on the Octo port",
            () -> octoCount(true, false))
        .counter(
            "octopod_bridge_octo_datagrams_sent",
            "Datagrams sent to peer bridges",
            () -> octoCount(false, false))
        .labelledCounter(
            "octopod_bridge_octo_dropped",
            "Octo datagrams dropped, by reason (see docs/octo.md)",
            "reason",
            () -> octo == null ? java.util.Map.of() : octo.counters().snapshot().dropped())
        .counter(
            "octopod_bridge_octo_nacks_sent",
            "Sequence numbers NACKed to peer bridges (loss on Octo links)",
            () -> octo == null ? 0 : octo.counters().nacksSent())
        .counter(
            "octopod_bridge_octo_retransmitted",
            "Packets resent to peer bridges from this bridge's cache",
            () -> octo == null ? 0 : octo.counters().retransmitted())
        .counter(
            "octopod_bridge_octo_messages_sent",
            "Octo messages handed to peer bridges, one per peer",
            () -> octo == null ? 0 : octo.counters().messagesSent())
        .counter(
            "octopod_bridge_octo_messages_received",
            "Octo messages from peer bridges reassembled and delivered in order",
            () -> octo == null ? 0 : octo.counters().messagesReceived())
        .counter(
            "octopod_bridge_octo_messages_acked",
            "Octo messages peer bridges acknowledged",
            () -> octo == null ? 0 : octo.counters().messagesAcked())
        .counter(
            "octopod_bridge_octo_message_fragments_resent",
            "Octo message fragments resent after their ack did not come in time",
            () -> octo == null ? 0 : octo.counters().fragmentsResent())
        .counter(
            "octopod_bridge_octo_messages_abandoned",
            "Octo messages given up without an ack (peer unreachable for seconds)",
            () -> octo == null ? 0 : octo.counters().messagesAbandoned())
        .counter(
            "octopod_bridge_octo_messages_refused",
            "Octo messages refused before sending: over the 60,000-byte limit",
            () -> octo == null ? 0 : octo.counters().messagesRefused())
        .counter(
            "octopod_bridge_channel_refused",
            "Bridge-channel upgrades refused (unknown endpoint, wrong token, bad path)",
            () -> this.channels == null ? 0 : this.channels.refused())
        .counter(
            "octopod_bridge_channel_rate_limited",
            "Bridge-channel messages dropped unread: their sender was over its message budget",
            () -> this.channels == null ? 0 : this.channels.rateLimited())
        .counter(
            "octopod_bridge_channel_opened",
            "Bridge-channel sockets opened",
            () -> this.channels == null ? 0 : this.channels.opened())
        .counter(
            "octopod_bridge_control_unauthorized",
            "Control API requests refused for a missing or wrong token",
            () -> control == null ? 0 : control.unauthorizedRequests());
  }

  /** One line for logs and for {@code make demo}: where each service listens. */
  public String describe() {
    return String.format(
        "octopod bridge %s (region %s, %s transport): media udp %s:%d, octo udp %s:%d,"
            + " bridge channel ws://%s:%d%s, control http://%s:%d/about/health",
        config.relayId(),
        config.region(),
        TransportFactory.describe(),
        config.bindAddress(),
        mediaPort(),
        config.bindAddress(),
        octoPort(),
        config.bindAddress(),
        publicPort(),
        io.octopod.bridge.channel.BridgeChannelServer.PATH,
        config.controlBindAddress(),
        controlPort());
  }

  private volatile boolean closed;

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (control != null) {
      control.close();
    }
    channels.close();
    media.close();
    octoSocket.close();
    scheduler.shutdownNow();
    handshakes.shutdownNow();
    // A short quiet period: nothing is queued once the sockets are closed, and pods and tests
    // should not wait two seconds (Netty's default) to stop.
    group.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    controlGroup.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
  }

  /** Releases what a failed start had opened. */
  private void abandon(MediaSocket... ports) {
    for (MediaSocket port : ports) {
      if (port != null) {
        port.close();
      }
    }
    scheduler.shutdownNow();
    handshakes.shutdownNow();
    group.shutdownGracefully();
    controlGroup.shutdownGracefully();
  }
}
