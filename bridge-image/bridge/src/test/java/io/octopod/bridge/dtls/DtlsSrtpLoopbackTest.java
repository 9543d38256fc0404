package io.octopod.bridge.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.bridge.srtp.SrtpProfile;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real DTLS-SRTP handshake between the bridge's server role and the Java client role, over real
 * UDP sockets on loopback, then SRTP both ways with the exported keys.
 */
class DtlsSrtpLoopbackTest {

  private DatagramSocket serverSocket;
  private DatagramSocket clientSocket;
  private ExecutorService threads;

  @BeforeEach
  void open() throws SocketException {
    serverSocket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    clientSocket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    serverSocket.setSoTimeout(200);
    clientSocket.setSoTimeout(200);
    threads = Executors.newCachedThreadPool();
  }

  @AfterEach
  void close() throws InterruptedException {
    serverSocket.close();
    clientSocket.close();
    threads.shutdownNow();
    threads.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Moves datagrams from a socket into a DTLS transport until the socket closes. */
  private void pump(DatagramSocket socket, QueueDatagramTransport into) {
    threads.execute(
        () -> {
          byte[] buf = new byte[2048];
          while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
              socket.receive(p);
              into.offer(p.getData(), 0, p.getLength());
            } catch (java.net.SocketTimeoutException e) {
              // keep polling until closed
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  private static QueueDatagramTransport transportTo(DatagramSocket from, DatagramSocket to) {
    InetSocketAddress peer = (InetSocketAddress) to.getLocalSocketAddress();
    return new QueueDatagramTransport((b, o, l) -> from.send(new DatagramPacket(b, o, l, peer)));
  }

  private SrtpKeyingResult[] handshake(
      List<SrtpProfile> offered,
      String serverExpects,
      String clientExpects,
      DtlsIdentity server,
      DtlsIdentity client)
      throws Exception {
    QueueDatagramTransport serverSide = transportTo(serverSocket, clientSocket);
    QueueDatagramTransport clientSide = transportTo(clientSocket, serverSocket);
    pump(serverSocket, serverSide);
    pump(clientSocket, clientSide);
    Future<SrtpKeyingResult> accepted =
        threads.submit(() -> DtlsHandshakes.accept(server, serverExpects, serverSide));
    Future<SrtpKeyingResult> connected =
        threads.submit(() -> DtlsHandshakes.connect(client, clientExpects, offered, clientSide));
    return new SrtpKeyingResult[] {
      accepted.get(30, TimeUnit.SECONDS), connected.get(30, TimeUnit.SECONDS)
    };
  }

  @Test
  void handshakesAndCarriesSrtpBothWaysWithEitherProfile() throws Exception {
    for (SrtpProfile profile :
        List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM)) {
      close();
      open();
      DtlsIdentity bridge = DtlsIdentity.generate("bridge");
      DtlsIdentity browser = DtlsIdentity.generate("client");
      SrtpKeyingResult[] keys =
          handshake(List.of(profile), browser.fingerprint(), bridge.fingerprint(), bridge, browser);
      assertEquals(profile, keys[0].profile());
      assertEquals(profile, keys[1].profile());

      byte[] rtp = new byte[12 + 200];
      rtp[0] = (byte) 0x80;
      rtp[1] = 111;
      rtp[3] = 7;
      rtp[11] = 9;
      Arrays.fill(rtp, 12, rtp.length, (byte) 0x5a);
      byte[] buf = Arrays.copyOf(rtp, rtp.length + 32);
      int sealed = keys[1].session().protectRtp(buf, 0, rtp.length);
      assertEquals(
          rtp.length,
          keys[0].session().unprotectRtp(buf, 0, sealed),
          profile + ": client to bridge");
      assertArrayEquals(rtp, Arrays.copyOf(buf, rtp.length));
      byte[] back = Arrays.copyOf(rtp, rtp.length + 32);
      int sealedBack = keys[0].session().protectRtp(back, 0, rtp.length);
      assertEquals(
          rtp.length,
          keys[1].session().unprotectRtp(back, 0, sealedBack),
          profile + ": bridge to client");
    }
  }

  @Test
  void theBridgePrefersGcmWhenBothAreOffered() throws Exception {
    DtlsIdentity bridge = DtlsIdentity.generate("bridge");
    DtlsIdentity browser = DtlsIdentity.generate("client");
    SrtpKeyingResult[] keys =
        handshake(
            List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM),
            browser.fingerprint(),
            bridge.fingerprint(),
            bridge,
            browser);
    assertEquals(SrtpProfile.AEAD_AES_128_GCM, keys[0].profile());
  }

  @Test
  void aCertificateThatDoesNotMatchTheSdpFingerprintFailsTheHandshake() {
    DtlsIdentity bridge = DtlsIdentity.generate("bridge");
    DtlsIdentity browser = DtlsIdentity.generate("client");
    DtlsIdentity impostor = DtlsIdentity.generate("impostor");
    ExecutionException failure =
        assertThrows(
            ExecutionException.class,
            () ->
                handshake(
                    List.of(SrtpProfile.AEAD_AES_128_GCM),
                    impostor.fingerprint(),
                    bridge.fingerprint(),
                    bridge,
                    browser));
    assertTrue(failure.getCause() instanceof IOException, String.valueOf(failure.getCause()));
  }

  @Test
  void aPeerThatNeverAnswersFailsTheHandshakeWithinItsTimeoutInsteadOfHanging() throws Exception {
    System.setProperty("octopod.dtls.handshakeTimeoutMillis", "1500");
    try {
      DtlsIdentity browser = DtlsIdentity.generate("client");
      // The client's flights go to a port where nobody runs DTLS.
      QueueDatagramTransport silent = transportTo(clientSocket, serverSocket);
      long started = System.nanoTime();
      Future<SrtpKeyingResult> connecting =
          threads.submit(
              () ->
                  DtlsHandshakes.connect(
                      browser, "00:11", List.of(SrtpProfile.AEAD_AES_128_GCM), silent));
      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> connecting.get(20, TimeUnit.SECONDS));
      long millis = (System.nanoTime() - started) / 1_000_000;
      // The bound is the 20 s get() above: a hang fails the test, a slow machine does not.
      assertTrue(failure.getCause() instanceof IOException, String.valueOf(failure.getCause()));
      System.out.println("the silent handshake gave up after " + millis + " ms");
    } finally {
      System.clearProperty("octopod.dtls.handshakeTimeoutMillis");
    }
  }
}
