package io.octopod.loadgen;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that sends for every simulated sender: every half millisecond it gives each stream
 * its share of packets for the time that passed, times the load factor, and resends what the bridge
 * NACKed. Audio levels follow a script: in each conference one sender speaks at a time (the turn
 * passes every five seconds) and the others are near silence, so the bridge's audio selection and
 * dominant-speaker detection work as in a meeting.
 */
final class Pacer implements AutoCloseable {

  private static final long TICK_NANOS = 500_000;
  private static final long SPEAKER_TURN_NANOS = 5_000_000_000L;
  private static final long CONSENT_NANOS = 5_000_000_000L;

  private final List<List<SimulatedEndpoint>> conferences;
  private final Thread thread;
  private volatile double factor;
  private volatile boolean running = true;
  private final byte[] buffer = new byte[1600];
  private volatile long busyNanos;
  private volatile long packetsSent;
  private volatile long bytesSent;

  /**
   * @param conferences each conference's endpoints; only senders send
   */
  Pacer(List<List<SimulatedEndpoint>> conferences, double factor) {
    this.conferences = conferences;
    this.factor = factor;
    this.thread = new Thread(this::run, "loadgen-pacer");
    thread.setDaemon(true);
    thread.start();
  }

  void factor(double factor) {
    this.factor = factor;
  }

  double factor() {
    return factor;
  }

  /** Nanoseconds the pacer spent working (not sleeping) since it started. */
  long busyNanos() {
    return busyNanos;
  }

  long packetsSent() {
    return packetsSent;
  }

  long bytesSent() {
    return bytesSent;
  }

  private void run() {
    long start = System.nanoTime();
    long last = start;
    long busy = 0;
    long packets = 0;
    long bytes = 0;
    long lastConsent = start;
    while (running) {
      long now = System.nanoTime();
      double seconds = (now - last) / 1e9;
      last = now;
      double f = factor;
      int turn = (int) ((now - start) / SPEAKER_TURN_NANOS);
      if (now - lastConsent > CONSENT_NANOS) {
        lastConsent = now;
        conferences.forEach(c -> c.forEach(SimulatedEndpoint::refreshConsent));
      }
      for (List<SimulatedEndpoint> conference : conferences) {
        int senderIndex = 0;
        int senders = countSenders(conference);
        for (SimulatedEndpoint e : conference) {
          if (e.role != SimulatedEndpoint.Role.SENDER) {
            continue;
          }
          boolean speaking = senders > 0 && senderIndex++ == turn % senders;
          try {
            for (int i = 0; i < e.streams.size(); i++) {
              OutboundStream s = e.streams.get(i);
              if (s.audio()) {
                s.audioLevel(
                    speaking
                        ? 20 + ThreadLocalRandom.current().nextInt(10)
                        : 100 + ThreadLocalRandom.current().nextInt(27));
              }
              for (int n = s.due(seconds, f); n > 0; n--) {
                int len = s.next(buffer, now);
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
      packetsSent = packets;
      bytesSent = bytes;
      long done = System.nanoTime();
      busy += done - now;
      busyNanos = busy;
      long sleep = TICK_NANOS - (done - now);
      if (sleep > 0) {
        LockSupport.parkNanos(sleep);
      }
    }
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
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
