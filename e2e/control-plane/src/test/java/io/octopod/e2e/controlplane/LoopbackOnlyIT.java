package io.octopod.e2e.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Nothing the local control plane starts may be reachable from the network it runs on (issue 22:
 * etcd has no authentication, and the API server holds every Secret). Starts a cluster with a node
 * and a pod, then reads, for every process this JVM started, its socket inodes from {@code
 * /proc/<pid>/fd} and their addresses from {@code /proc/<pid>/net/{tcp,tcp6,udp,udp6}}: every
 * listening TCP socket and every unconnected UDP socket must be bound to a loopback address.
 */
class LoopbackOnlyIT {

  /** A process and one of its sockets that listens beyond loopback. */
  private record Exposed(long pid, String command, String protocol, String address) {
    @Override
    public String toString() {
      return command + " (pid " + pid + ") " + protocol + " " + address;
    }
  }

  @Test
  void everySocketTheClusterListensOnIsALoopbackAddress() throws Exception {
    try (LocalCluster cluster = LocalCluster.start("loopback-it")) {
      cluster.addNode("node-0", Map.of(ProcessKubelet.REGION, "us-east"));
      String ns = cluster.createNamespace("loopback");
      // The test HTTP server, bound to its pod address, with a readiness probe.
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName("web")
              .endMetadata()
              .withSpec(
                  ControlPlaneIT.testHttpTemplate("web", Map.of(ProcessKubelet.REGION, "us-east"))
                      .getSpec())
              .build();
      cluster.client().pods().inNamespace(ns).resource(pod).create();
      Await.until(
          Duration.ofSeconds(90),
          "the pod to be Ready, so listening",
          () ->
              ControlPlaneIT.ready(cluster.client().pods().inNamespace(ns).withName("web").get()));

      List<ProcessHandle> started = ProcessHandle.current().descendants().toList();
      Set<String> commands = new HashSet<>();
      started.forEach(p -> commands.add(commandName(p)));
      assertTrue(
          commands.containsAll(
              Set.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler")),
          "the control plane runs as children of this JVM: " + commands);
      Set<String> listening = new HashSet<>();
      List<String> all = new ArrayList<>();
      List<Exposed> exposed = new ArrayList<>();
      for (ProcessHandle process : started) {
        for (Listener l : listeners(process.pid())) {
          listening.add(commandName(process));
          all.add(
              commandName(process)
                  + " "
                  + l.protocol()
                  + " "
                  + l.address().getHostAddress()
                  + ":"
                  + l.port());
          if (!l.address().isLoopbackAddress()) {
            exposed.add(
                new Exposed(
                    process.pid(),
                    commandName(process),
                    l.protocol(),
                    l.address().getHostAddress() + ":" + l.port()));
          }
        }
      }
      System.out.println("listening: " + all);
      assertTrue(
          listening.containsAll(Set.of("etcd", "kube-apiserver", "java")),
          "etcd, kube-apiserver and the pod (java) were seen listening: " + all);
      assertEquals(List.of(), exposed, "sockets the cluster's processes listen on beyond loopback");
    }
  }

  private static String commandName(ProcessHandle process) {
    String command = process.info().command().orElse("?");
    return command.substring(command.lastIndexOf('/') + 1);
  }

  /** A socket that accepts from anyone: a listening TCP socket, an unconnected UDP socket. */
  private record Listener(String protocol, InetAddress address, int port) {}

  private static List<Listener> listeners(long pid) throws IOException {
    Set<String> inodes = socketInodes(pid);
    List<Listener> out = new ArrayList<>();
    for (String protocol : List.of("tcp", "tcp6", "udp", "udp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", protocol));
      } catch (NoSuchFileException e) {
        continue; // exited meanwhile, or no IPv6
      }
      for (String line : lines.subList(1, lines.size())) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        String[] f = line.trim().split("\\s+");
        boolean tcpListen = protocol.startsWith("tcp") && f[3].equals("0A");
        boolean udpUnconnected = protocol.startsWith("udp") && f[2].endsWith(":0000");
        if ((tcpListen || udpUnconnected) && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          out.add(new Listener(protocol, address(local[0]), Integer.parseInt(local[1], 16)));
        }
      }
    }
    return out;
  }

  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException e) {
          // closed between listing and reading
        }
      }
    } catch (NoSuchFileException e) {
      // exited meanwhile
    }
    return inodes;
  }

  /**
   * /proc/net prints an address as 32-bit words in hex, each in the host's (little-endian) byte
   * order.
   */
  static InetAddress address(String hex) throws IOException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      long value = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
      for (int b = 0; b < 4; b++) {
        bytes[word * 4 + b] = (byte) (value >>> (8 * b));
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}
