package io.octopod.e2e.local;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Emulated regions for bridges on one machine (this kernel has no netem): every bridge is reached
 * at a "face", a loopback address of its own that its pool advertises ({@code FixedAddresses}),
 * where relays stand in for the network.
 *
 * <ul>
 *   <li>Media (UDP 10000): each participant gets its own upstream socket towards the bridge (a NAT,
 *       as ICE-lite expects: the bridge learns it as peer-reflexive), with the in-region link's
 *       delay and loss both ways: participants use their own region's bridge.
 *   <li>Octo (UDP 4096): a datagram from bridge Y to X's face is delivered to X from Y's face, so
 *       that X sees it come from the address it was told is Y's; between regions it crosses the
 *       long link's delay and loss.
 *   <li>The bridge channel (TCP 8443): forwarded as is.
 * </ul>
 *
 * Loss is seeded, so a run is repeatable; everything stops on {@link #close}.
 */
final class RegionFaces implements AutoCloseable {

  /** What a link does to each datagram, one way. */
  record Link(long delayMillis, double loss) {}

  /** The end-to-end tests' links: short inside a region, long and a little lossy between. */
  static final Link IN_REGION = new Link(5, 0);

  static final Link BETWEEN_REGIONS = new Link(80, 0.01);

  private static final int MEDIA = 10000;
  private static final int OCTO = 4096;
  private static final int CHANNEL = 8443;

  private record Due(byte[] data, DatagramSocket via, SocketAddress to, long at)
      implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(at - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(at, ((Due) o).at);
    }
  }

  private final class Face {
    final String bridge;
    final String region;
    final DatagramSocket octo;
    final DatagramSocket media;
    final ServerSocket channel;
    final Map<SocketAddress, DatagramSocket> upstream = new ConcurrentHashMap<>();

    Face(String bridge, String region, String address) throws IOException {
      this.bridge = bridge;
      this.region = region;
      this.octo = new DatagramSocket(new InetSocketAddress(address, OCTO));
      this.media = new DatagramSocket(new InetSocketAddress(address, MEDIA));
      this.channel = new ServerSocket();
      channel.bind(new InetSocketAddress(address, CHANNEL));
      octo.setSoTimeout(200);
      media.setSoTimeout(200);
      channel.setSoTimeout(200);
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final Link inRegion;
  private final Link betweenRegions;
  private final Map<String, Face> faces = new ConcurrentHashMap<>();
  private final Map<String, String> podIps = new ConcurrentHashMap<>();
  private final DelayQueue<Due> queue = new DelayQueue<>();
  private final Random random = new Random(7);
  private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closeables = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong crossed = new AtomicLong();
  private final AtomicLong crossedLost = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param bridges by bridge (pod) name: its region and its face's address
   */
  RegionFaces(
      KubernetesClient client,
      String namespace,
      Map<String, Map.Entry<String, String>> bridges,
      Link inRegion,
      Link betweenRegions)
      throws IOException {
    this.client = client;
    this.namespace = namespace;
    this.inRegion = inRegion;
    this.betweenRegions = betweenRegions;
    for (Map.Entry<String, Map.Entry<String, String>> b : bridges.entrySet()) {
      Face face = new Face(b.getKey(), b.getValue().getKey(), b.getValue().getValue());
      faces.put(b.getKey(), face);
      closeables.add(face.octo);
      closeables.add(face.media);
      closeables.add(face.channel);
      start("octo-" + face.bridge, () -> octo(face));
      start("media-" + face.bridge, () -> media(face));
      start("channel-" + face.bridge, () -> channel(face));
    }
    start("deliver", this::deliver);
    start("pod-addresses", this::watchPods);
  }

  /**
   * Faces for the bridges of a {@link LocalOctopod} started with these public addresses: the bridge
   * of ordinal {@code i} in a region's pool stands behind the region's {@code i}-th address.
   */
  static RegionFaces start(
      LocalOctopod octopod, Map<String, List<String>> addresses, Link inRegion, Link between)
      throws IOException {
    Map<String, Map.Entry<String, String>> bridges = new java.util.LinkedHashMap<>();
    addresses.forEach(
        (region, faces) -> {
          for (int i = 0; i < faces.size(); i++) {
            bridges.put(region + "-" + i, Map.entry(region, faces.get(i)));
          }
        });
    return new RegionFaces(octopod.client(), LocalOctopod.NAMESPACE, bridges, inRegion, between);
  }

  /** Octo datagrams that crossed between regions, and how many of them the link dropped. */
  long crossedBetweenRegions() {
    return crossed.get();
  }

  long lostBetweenRegions() {
    return crossedLost.get();
  }

  private void start(String name, Runnable body) {
    Thread t = new Thread(body, "region-faces-" + name);
    t.setDaemon(true);
    t.start();
    threads.add(t);
  }

  private void watchPods() {
    while (!closed) {
      try {
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
          if (faces.containsKey(pod.getMetadata().getName())
              && pod.getStatus() != null
              && pod.getStatus().getPodIP() != null) {
            podIps.put(pod.getMetadata().getName(), pod.getStatus().getPodIP());
          }
        }
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The API server is busy or stopping: try again.
      }
    }
  }

  private InetSocketAddress pod(Face face, int port) {
    String ip = podIps.get(face.bridge);
    return ip == null ? null : new InetSocketAddress(ip, port);
  }

  private void octo(Face face) {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    while (!closed) {
      if (!receive(face.octo, p)) {
        continue;
      }
      Face sender = null;
      for (Face f : faces.values()) {
        if (p.getSocketAddress().equals(pod(f, OCTO))) {
          sender = f;
        }
      }
      InetSocketAddress target = pod(face, OCTO);
      if (sender == null || target == null) {
        continue; // not from a known bridge: nothing else may use the Octo face
      }
      boolean between = !sender.region.equals(face.region);
      if (between) {
        crossed.incrementAndGet();
      }
      if (!schedule(p, sender.octo, target, between ? betweenRegions : inRegion) && between) {
        crossedLost.incrementAndGet();
      }
    }
  }

  private void media(Face face) {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    while (!closed) {
      if (!receive(face.media, p)) {
        continue;
      }
      InetSocketAddress target = pod(face, MEDIA);
      if (target == null) {
        continue;
      }
      SocketAddress participant = p.getSocketAddress();
      DatagramSocket up = face.upstream.get(participant);
      if (up == null) {
        try {
          DatagramSocket created = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
          created.setSoTimeout(200);
          face.upstream.put(participant, created);
          closeables.add(created);
          start("media-up-" + face.bridge, () -> mediaBack(face, created, participant));
          up = created;
        } catch (IOException e) {
          continue;
        }
      }
      schedule(p, up, target, inRegion);
    }
  }

  /** What the bridge sends a participant, back through the face. */
  private void mediaBack(Face face, DatagramSocket up, SocketAddress participant) {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    while (!closed) {
      if (receive(up, p)) {
        schedule(p, face.media, participant, inRegion);
      }
    }
  }

  private void channel(Face face) {
    while (!closed) {
      try {
        Socket in = face.channel.accept();
        InetSocketAddress target = pod(face, CHANNEL);
        if (target == null) {
          in.close();
          continue;
        }
        Socket out = new Socket(target.getAddress(), target.getPort());
        closeables.add(in);
        closeables.add(out);
        start("channel-up-" + face.bridge, () -> pipe(in, out));
        start("channel-down-" + face.bridge, () -> pipe(out, in));
      } catch (SocketTimeoutException e) {
        // check closed
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    byte[] buf = new byte[8192];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: close both
    }
    try {
      from.close();
      to.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static boolean receive(DatagramSocket socket, DatagramPacket p) {
    try {
      p.setLength(p.getData().length);
      socket.receive(p);
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** Queues a copy of the datagram for delivery after the link's delay; false when it is lost. */
  private boolean schedule(DatagramPacket p, DatagramSocket via, SocketAddress to, Link link) {
    boolean lost;
    synchronized (random) {
      lost = random.nextDouble() < link.loss();
    }
    if (lost) {
      return false;
    }
    byte[] copy =
        java.util.Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
    queue.add(new Due(copy, via, to, System.nanoTime() + link.delayMillis() * 1_000_000));
    return true;
  }

  private void deliver() {
    while (!closed) {
      try {
        Due due = queue.poll(200, TimeUnit.MILLISECONDS);
        if (due != null) {
          due.via().send(new DatagramPacket(due.data(), due.data().length, due.to()));
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        // a closed socket at shutdown, or a full buffer: the datagram is lost, as on a network
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // stopping anyway
      }
    }
    for (Thread t : threads) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
