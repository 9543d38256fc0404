package io.octopod.operator.focus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The focus's own TLS from PEM files as a Kubernetes TLS Secret holds them, over real sockets. */
class FocusTlsTest {

  @TempDir Path dir;
  private EventLoopGroup group;

  @BeforeEach
  void startGroup() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterEach
  void stopGroup() {
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Serves TLS handshakes on loopback with {@code tls}; returns the port. */
  private int serve(FocusTls tls) throws InterruptedException {
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                  }
                })
            .bind(InetAddress.getLoopbackAddress(), 0)
            .sync()
            .channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** The certificate a client trusting only {@code trusted}'s CA is shown, after a handshake. */
  private static Certificate presented(int port, SSLContext client) throws Exception {
    try (SSLSocket socket =
        (SSLSocket)
            client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
      socket.startHandshake();
      return socket.getSession().getPeerCertificates()[0];
    }
  }

  @Test
  void servesTheCertificateOfAPkcs1Key() throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    assertEquals(
        "-----BEGIN RSA PRIVATE KEY-----", Files.readAllLines(certs.keyFile).get(0), "PKCS#1");
    int port = serve(FocusTls.fromFiles(certs.chainFile, certs.keyFile));
    assertEquals(certs.server, presented(port, certs.clientContext()));
  }

  @Test
  void aKeyThatIsNotTheCertificatesFailsAtStart() throws Exception {
    TestCertificates certs = TestCertificates.create(dir.resolve("a"));
    TestCertificates other = TestCertificates.create(dir.resolve("b"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FocusTls.fromFiles(certs.chainFile, other.keyFile));
    System.out.println("mismatched key: " + e.getMessage());
  }

  @Test
  void aRenewedSecretIsServedWithoutARestartAndAHalfWrittenOneIsNot() throws Exception {
    TestCertificates first = TestCertificates.create(dir.resolve("first"));
    Path chain = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Files.copy(first.chainFile, chain);
    Files.copy(first.keyFile, key);
    int port = serve(FocusTls.fromFiles(chain, key, 0));
    assertEquals(first.server, presented(port, first.clientContext()));

    TestCertificates renewed = TestCertificates.create(dir.resolve("renewed"));
    replace(renewed.chainFile, chain, 10);
    replace(renewed.keyFile, key, 10);
    assertEquals(renewed.server, presented(port, renewed.clientContext()), "the renewal");

    Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n");
    Files.setLastModifiedTime(key, FileTime.from(Instant.now().plusSeconds(20)));
    assertEquals(
        renewed.server, presented(port, renewed.clientContext()), "kept the one that works");
  }

  /** Copies {@code from} over {@code to} and dates it {@code seconds} ahead, as a renewal would. */
  private static void replace(Path from, Path to, int seconds) throws Exception {
    Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(to, FileTime.from(Instant.now().plusSeconds(seconds)));
  }

  @Test
  void configuredByBothFilesOrNeither() throws Exception {
    assertNull(FocusTls.fromEnvironment(Map.of()), "plain HTTP");
    assertThrows(
        IllegalArgumentException.class,
        () -> FocusTls.fromEnvironment(Map.of("FOCUS_TLS_CERT_FILE", "/tls/tls.crt")));
    TestCertificates certs = TestCertificates.create(dir);
    FocusTls tls =
        FocusTls.fromEnvironment(
            Map.of(
                "FOCUS_TLS_CERT_FILE", certs.chainFile.toString(),
                "FOCUS_TLS_KEY_FILE", certs.keyFile.toString()));
    assertEquals(certs.server, presented(serve(tls), certs.clientContext()));
  }
}
