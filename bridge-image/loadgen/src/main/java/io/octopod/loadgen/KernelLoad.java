package io.octopod.loadgen;

import io.netty.channel.EventLoopGroup;
import io.octopod.bridge.net.MediaSocket;
import io.octopod.bridge.net.TransportFactory;
import io.octopod.protocol.rtp.RtpPacket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Measures the {@link KernelForwarder} the way scenarios measure a bridge, with plain (unencrypted)
 * UDP: one sender sends the top simulcast layer's packets (same sizes, same probe) scaled by the
 * load factor, the forwarder copies each to {@link #FAN_OUT} receivers, and the receivers count
 * loss and latency. Plain, because with SRTP on the generator's side the generator, not the kernel,
 * would be the limit.
 */
final class KernelLoad {

  static final int FAN_OUT = 20;
  private static final Pattern READY = Pattern.compile("udp 127\\.0\\.0\\.1:(\\d+)");

  private final List<String> launch;
  private final String cpus;
  private final Path outDir;
  private final Bench.Timing timing;

  KernelLoad(List<String> launch, String cpus, Path outDir, Bench.Timing timing) {
    this.launch = launch;
    this.cpus = cpus;
    this.outDir = outDir;
    this.timing = timing;
  }

  BenchResult.KernelResult run() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(launch);
    EventLoopGroup group = TransportFactory.newEventLoopGroup(1);
    ReceiveMeter meter = new ReceiveMeter();
    List<MediaSocket> sockets = new ArrayList<>();
    try (ChildProcess forwarder =
        ChildProcess.start(
            command, java.util.Map.of(), cpus, READY, outDir.resolve("kernel-forwarder.log"))) {
      InetSocketAddress target =
          new InetSocketAddress("127.0.0.1", Integer.parseInt(forwarder.readyGroup(1)));
      for (int i = 0; i < FAN_OUT; i++) {
        SequenceTracker tracker = meter.tracker();
        RtpPacket packet = new RtpPacket();
        MediaSocket receiver =
            MediaSocket.bind(
                group,
                "127.0.0.1",
                0,
                (buf, off, len, from) -> {
                  long now = System.nanoTime();
                  if (packet.wrap(buf, off, len)) {
                    int probe = packet.payloadOffset() + OutboundStream.probeOffset(false);
                    meter.received(
                        tracker,
                        packet.sequenceNumber(),
                        len,
                        now - io.octopod.protocol.Bytes.i64(buf, probe));
                  }
                });
        sockets.add(receiver);
        receiver.send(new byte[1], 0, 1, target);
      }
      MediaSocket sender = MediaSocket.bind(group, "127.0.0.1", 0, (b, o, l, f) -> {});
      sockets.add(sender);
      Thread.sleep(500);
      PlainSender plain = new PlainSender(sender, target);
      try {
        StepProbe probe = new StepProbe(plain, meter, forwarder);
        probe.measure(10);
        SaturationSearch.Outcome outcome =
            new SaturationSearch(1.5, timing.refinements(), timing.maxSteps() + 2, true)
                .run(
                    20,
                    f -> {
                      StepResult step = probe.measure(f);
                      Bench.progress("  " + Bench.describe(step));
                      return step;
                    });
        return new BenchResult.KernelResult(
            "plain UDP through KernelForwarder (MediaSocket: Netty "
                + TransportFactory.describe()
                + "), 1 sender of "
                + MediaProfile.Layer.F.payloadBytes()
                + "-byte payloads, fan-out "
                + FAN_OUT,
            FAN_OUT,
            outcome.steps(),
            outcome.best());
      } finally {
        plain.close();
      }
    } finally {
      sockets.forEach(MediaSocket::close);
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Sends the top layer's packets in the clear, scaled by the factor, on the receivers' loop. */
  private static final class PlainSender implements AutoCloseable {
    private final OutboundStream stream = new OutboundStream(MediaProfile.Layer.F, 7, 8, 0);
    private final byte[] buffer = new byte[1600];
    private final java.util.concurrent.ScheduledFuture<?> ticks;
    private volatile double factor;
    private volatile long sent;
    private long last = System.nanoTime();

    PlainSender(MediaSocket socket, InetSocketAddress target) {
      ticks =
          socket
              .eventLoop()
              .scheduleAtFixedRate(
                  () -> {
                    long now = System.nanoTime();
                    for (int n = stream.due((now - last) / 1e9, factor); n > 0; n--) {
                      socket.send(buffer, 0, stream.next(buffer, System.nanoTime()), target);
                      sent++;
                    }
                    last = now;
                  },
                  0,
                  500,
                  java.util.concurrent.TimeUnit.MICROSECONDS);
    }

    @Override
    public void close() {
      ticks.cancel(false);
    }
  }

  /** One step against the forwarder: like {@link ScenarioRun#measure}, with its CPU from /proc. */
  private final class StepProbe {
    private final PlainSender sender;
    private final ReceiveMeter meter;
    private final ChildProcess forwarder;

    StepProbe(PlainSender sender, ReceiveMeter meter, ChildProcess forwarder) {
      this.sender = sender;
      this.meter = meter;
      this.forwarder = forwarder;
    }

    StepResult measure(double factor) throws InterruptedException {
      sender.factor = factor;
      Thread.sleep(timing.settle().toMillis());
      meter.takeWindow();
      long cpu0 = forwarder.cpuNanos();
      long own0 = StepResult.loadgenCpuNanos();
      long sent0 = sender.sent;
      long t0 = System.nanoTime();
      long wall0 = System.currentTimeMillis();
      Thread.sleep(timing.window().toMillis());
      ReceiveMeter.Window w = meter.takeWindow();
      long sentPackets = sender.sent - sent0;
      return StepResult.measured(
          factor,
          (System.nanoTime() - t0) / 1e9,
          sentPackets,
          sentPackets * (OutboundStream.HEADER + MediaProfile.Layer.F.payloadBytes()),
          w,
          (forwarder.cpuNanos() - cpu0) / 1e9,
          (StepResult.loadgenCpuNanos() - own0) / 1e9,
          wall0,
          System.currentTimeMillis());
    }
  }
}
