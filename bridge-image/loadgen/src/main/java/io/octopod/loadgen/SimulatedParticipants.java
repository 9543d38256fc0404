package io.octopod.loadgen;

import io.netty.channel.EventLoopGroup;
import io.octopod.bridge.net.TransportFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated participants of one meeting, each joining through the focus ({@link FocusParticipant})
 * and then sending real SRTP: Opus-shaped audio for all of them (one speaks at a time, the turn
 * passing every five seconds, so that the bridges' dominant speaker moves as in a meeting) and, for
 * those asked to, simulcast video from {@link Vp8Clip}s that a browser decodes. One event loop
 * carries every participant's socket and the {@link Pacer}, as in the load generator.
 */
public final class SimulatedParticipants implements AutoCloseable {

  private final EventLoopGroup group = TransportFactory.newEventLoopGroup(1);
  private final ReceiveMeter meter = new ReceiveMeter();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Vp8Clip> simulcast;
  private final List<SimulatedEndpoint> sending = new CopyOnWriteArrayList<>();
  private final List<FocusParticipant> joined = new CopyOnWriteArrayList<>();
  private final Pacer pacer;
  private final AtomicInteger retries = new AtomicInteger();

  /** Tries at joining one participant before its failure is the caller's. */
  private static final int ATTEMPTS = 3;

  /**
   * @param simulcast the video layers, lowest first, that video senders play (up to three)
   */
  public SimulatedParticipants(List<Vp8Clip> simulcast) {
    this.simulcast = List.copyOf(simulcast);
    this.pacer = new Pacer(List.of(sending), 1.0, group.next());
  }

  /**
   * Joins one participant through the focus and starts its media once connected.
   *
   * @param signalling the focus's signalling URL, with {@code ?region=} where allowed
   * @param video whether it sends the simulcast video as well as audio
   */
  public FocusParticipant join(
      URI signalling, String room, String name, boolean video, Duration timeout)
      throws IOException, InterruptedException {
    IOException failed = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      SimulatedEndpoint endpoint =
          new SimulatedEndpoint(name, video ? simulcast : List.of(), group, meter);
      try {
        FocusParticipant p = FocusParticipant.join(http, signalling, room, name, endpoint, timeout);
        joined.add(p);
        sending.add(endpoint);
        return p;
      } catch (IOException e) {
        // The media connection failed (a DTLS handshake that timed out on a starved machine): as
        // the meeting page does when its connection fails, leave and join again.
        failed = e;
        retries.incrementAndGet();
      }
    }
    throw failed;
  }

  /** Joins that failed and were tried again, as a page rejoins after a failed connection. */
  public int retries() {
    return retries.get();
  }

  public List<FocusParticipant> joined() {
    return List.copyOf(joined);
  }

  /** Packets the simulated participants have sent so far (all of them, all streams). */
  public long packetsSent() {
    return pacer.packetsSent();
  }

  @Override
  public void close() {
    pacer.close();
    joined.forEach(FocusParticipant::close);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
