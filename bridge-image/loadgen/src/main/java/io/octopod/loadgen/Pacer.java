package io.octopod.loadgen;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends for every simulated sender, on the endpoints' own event loop (so a packet goes to the
 * socket as it is written, with no queue between threads to hide a backlog in the latency): every
 * half millisecond it gives each stream its share of packets for the time that passed, times the
 * load factor, and resends what the bridge NACKed. Audio levels follow a script: in each conference
 * one sender speaks at a time (the turn passes every five seconds) and the others are near silence,
 * so the bridge's audio selection and dominant-speaker detection work as in a meeting.
 */
final class Pacer implements AutoCloseable {

  private static final long TICK_NANOS = 500_000;
  private static final long SPEAKER_TURN_NANOS = 5_000_000_000L;
  private static final long CONSENT_NANOS = 5_000_000_000L;

  private final List<List<SimulatedEndpoint>> conferences;
  private final ScheduledFuture<?> ticks;
  private volatile double factor;
  private final byte[] buffer = new byte[1600];
  private volatile long packetsSent;
  private volatile long bytesSent;
  private final long start = System.nanoTime();
  private long last = start;
  private long lastConsent = start;

  /**
   * @param conferences each conference's endpoints; only senders send
   * @param loop the event loop the endpoints' sockets are on
   */
  Pacer(List<List<SimulatedEndpoint>> conferences, double factor, ScheduledExecutorService loop) {
    this.conferences = conferences;
    this.factor = factor;
    this.ticks = loop.scheduleAtFixedRate(this::tick, 0, TICK_NANOS, TimeUnit.NANOSECONDS);
  }

  void factor(double factor) {
    this.factor = factor;
  }

  double factor() {
    return factor;
  }

  long packetsSent() {
    return packetsSent;
  }

  long bytesSent() {
    return bytesSent;
  }

  private void tick() {
    long now = System.nanoTime();
    double seconds = (now - last) / 1e9;
    last = now;
    double f = factor;
    int turn = (int) ((now - start) / SPEAKER_TURN_NANOS);
    if (now - lastConsent > CONSENT_NANOS) {
      lastConsent = now;
      conferences.forEach(c -> c.forEach(SimulatedEndpoint::refreshConsent));
    }
    long packets = 0;
    long bytes = 0;
    for (List<SimulatedEndpoint> conference : conferences) {
      int senderIndex = 0;
      int senders = countSenders(conference);
      for (SimulatedEndpoint e : conference) {
        if (e.role != SimulatedEndpoint.Role.SENDER) {
          continue;
        }
        boolean speaking = senders > 0 && senderIndex++ == turn % senders;
        try {
          for (OutboundStream s : e.streams) {
            if (s.audio()) {
              s.audioLevel(
                  speaking
                      ? 20 + ThreadLocalRandom.current().nextInt(10)
                      : 100 + ThreadLocalRandom.current().nextInt(27));
            }
            for (int n = s.due(seconds, f); n > 0; n--) {
              int len = s.next(buffer, System.nanoTime());
              e.send(buffer, len);
              packets++;
              bytes += len;
            }
          }
          Integer repair;
          while ((repair = e.repairs.poll()) != null) {
            OutboundStream s = e.streams.get(repair >>> 16);
            int len = s.retransmission(buffer, repair & 0xffff);
            if (len > 0) {
              e.send(buffer, len);
            }
          }
        } catch (GeneralSecurityException | RuntimeException ex) {
          // A closed or failed endpoint stops sending; the run reports its loss.
        }
      }
    }
    packetsSent += packets;
    bytesSent += bytes;
  }

  private static int countSenders(List<SimulatedEndpoint> conference) {
    int n = 0;
    for (SimulatedEndpoint e : conference) {
      if (e.role == SimulatedEndpoint.Role.SENDER) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    ticks.cancel(false);
  }
}
