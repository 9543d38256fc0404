package io.octopod.bridge.browser;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.Random;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A userspace stand-in for netem (this kernel has none): a UDP relay between one client and the
 * bridge that impairs the bridge → client direction with random loss, a fixed delay and a rate
 * limit with a bounded queue, the way a bad last mile would. The client is given the relay's
 * address as the bridge's candidate; the bridge sees the relay's other socket as the client.
 * Everything listens on loopback; the threads stop on {@link #close}.
 */
public final class ImpairmentRelay implements AutoCloseable {

  /**
   * What the downlink does to packets.
   *
   * @param loss probability that a packet is dropped
   * @param delayMillis one-way delay added to every packet
   * @param rateBitsPerSecond link rate, 0 for unlimited; packets that would wait more than 200 ms
   *     in the queue are dropped (a tail-drop bottleneck)
   */
  public record Impairment(double loss, long delayMillis, long rateBitsPerSecond) {
    public static final Impairment NONE = new Impairment(0, 0, 0);
  }

  private static final long MAX_QUEUE_NANOS = 200_000_000L;

  private record Scheduled(byte[] data, SocketAddress to, DatagramSocket via, long due)
      implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(due, ((Scheduled) o).due);
    }
  }

  private final DatagramSocket clientSide;
  private final DatagramSocket bridgeSide;
  private final InetSocketAddress bridge;
  private final DelayQueue<Scheduled> queue = new DelayQueue<>();
  private final Random random = new Random(42);
  // Its own generator, so that each direction's loss pattern is repeatable on its own thread.
  private final Random upRandom = new Random(43);
  private final AtomicLong droppedUp = new AtomicLong();
  private volatile Impairment up = Impairment.NONE;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong forwardedDown = new AtomicLong();
  private volatile Impairment down;
  private volatile SocketAddress client;
  private boolean mediaSeen;
  private volatile boolean closed;
  private long lastDeparture;
  private final Thread[] threads;

  private ImpairmentRelay(InetSocketAddress bridge, Impairment down) throws IOException {
    this.bridge = bridge;
    this.down = down;
    this.clientSide = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    this.bridgeSide = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    clientSide.setSoTimeout(200);
    bridgeSide.setSoTimeout(200);
    this.threads =
        new Thread[] {
          new Thread(this::up, "relay-up"),
          new Thread(this::down, "relay-down"),
          new Thread(this::deliver, "relay-deliver")
        };
    for (Thread t : threads) {
      t.setDaemon(true);
      t.start();
    }
  }

  public static ImpairmentRelay start(InetSocketAddress bridge, Impairment down)
      throws IOException {
    return new ImpairmentRelay(bridge, down);
  }

  /** The port to give the client as the bridge's candidate. */
  public int port() {
    return clientSide.getLocalPort();
  }

  /** The port the bridge sees the client's packets come from. */
  public int bridgeSidePort() {
    return bridgeSide.getLocalPort();
  }

  /** Changes the downlink's impairment from now on. */
  public void impair(Impairment impairment) {
    this.down = impairment;
  }

  /** Changes the uplink's (client → bridge) loss and delay from now on; its rate is ignored. */
  public void impairUp(Impairment impairment) {
    this.up = impairment;
  }

  public long dropped() {
    return dropped.get();
  }

  public long droppedUp() {
    return droppedUp.get();
  }

  public long forwardedDown() {
    return forwardedDown.get();
  }

  /** Rewrites the port of the answer's candidates so the client talks to the relay. */
  String redirect(String answer, int bridgePort) {
    return answer.replace(" " + bridgePort + " typ host", " " + port() + " typ host");
  }

  private void up() {
    byte[] buf = new byte[2048];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        clientSide.receive(p);
        // A browser runs ICE checks from each of its candidates, and all of them arrive here: the
        // downlink must go to the one it chose, the one that sends DTLS and media (first byte
        // above 3, RFC 7983), not to whichever sent the last STUN check.
        boolean stun = p.getLength() > 0 && (buf[0] & 0xff) < 4;
        if (!stun) {
          mediaSeen = true;
        }
        if (!stun || !mediaSeen) {
          client = p.getSocketAddress();
        }
        Impairment i = up;
        if (i.loss() > 0 && upRandom.nextDouble() < i.loss()) {
          droppedUp.incrementAndGet();
        } else if (i.delayMillis() > 0) {
          byte[] data = java.util.Arrays.copyOf(buf, p.getLength());
          long due = System.nanoTime() + i.delayMillis() * 1_000_000L;
          queue.add(new Scheduled(data, bridge, bridgeSide, due));
        } else {
          bridgeSide.send(new DatagramPacket(buf, p.getLength(), bridge));
        }
      } catch (SocketTimeoutException e) {
        // loop to check closed
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private void down() {
    byte[] buf = new byte[2048];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        bridgeSide.receive(p);
        SocketAddress to = client;
        if (to == null) {
          continue;
        }
        Impairment i = down;
        if (random.nextDouble() < i.loss()) {
          dropped.incrementAndGet();
          continue;
        }
        long now = System.nanoTime();
        long departure = now;
        if (i.rateBitsPerSecond() > 0) {
          long serialisation = p.getLength() * 8L * 1_000_000_000L / i.rateBitsPerSecond();
          departure = Math.max(now, lastDeparture) + serialisation;
          if (departure - now > MAX_QUEUE_NANOS) {
            dropped.incrementAndGet();
            continue;
          }
          lastDeparture = departure;
        }
        byte[] data = java.util.Arrays.copyOf(buf, p.getLength());
        queue.add(new Scheduled(data, to, clientSide, departure + i.delayMillis() * 1_000_000L));
      } catch (SocketTimeoutException e) {
        // loop to check closed
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private void deliver() {
    while (!closed) {
      try {
        Scheduled s = queue.poll(200, TimeUnit.MILLISECONDS);
        if (s != null) {
          s.via().send(new DatagramPacket(s.data(), s.data().length, s.to()));
          if (s.via() == clientSide) {
            forwardedDown.incrementAndGet();
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      for (Thread t : threads) {
        t.join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    clientSide.close();
    bridgeSide.close();
  }
}
