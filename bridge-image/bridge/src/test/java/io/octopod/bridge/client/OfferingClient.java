package io.octopod.bridge.client;

import io.netty.channel.EventLoopGroup;
import io.octopod.bridge.srtp.SrtpProfile;
import io.octopod.protocol.sdp.Candidate;
import io.octopod.protocol.sdp.MediaSection;
import io.octopod.protocol.sdp.SessionDescription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WebRtcClient} that joins like a browser, for tests: it offers Chromium's recorded offer
 * ({@code testdata/chromium}) with its own DTLS fingerprint, connects as the bridge's answer says
 * (real ICE, DTLS and SRTP), and sends consent checks (RFC 7675) every second, as browsers do,
 * until told to stop: a client whose page closed.
 */
public final class OfferingClient implements AutoCloseable {

  private static final Duration CONSENT_INTERVAL = Duration.ofSeconds(1);

  private final WebRtcClient client;
  private final ScheduledExecutorService consent =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "offering-client-consent");
            t.setDaemon(true);
            return t;
          });
  private final byte[] check = new byte[256];

  private OfferingClient(WebRtcClient client) {
    this.client = client;
  }

  /** A client on its own loopback UDP port. */
  public static OfferingClient open(EventLoopGroup group) throws InterruptedException {
    return new OfferingClient(WebRtcClient.open(group, "127.0.0.1"));
  }

  /** Chromium's offer (audio, simulcast video, receive slots) with this client's fingerprint. */
  public String offer() {
    return chromiumOffer()
        .replaceAll(
            "a=fingerprint:sha-256 [0-9A-Fa-f:]+", "a=fingerprint:sha-256 " + fingerprint());
  }

  private String fingerprint() {
    String own = client.fingerprint();
    return own.startsWith("sha-256 ") ? own.substring("sha-256 ".length()) : own;
  }

  /**
   * Runs ICE and DTLS to the candidate in the bridge's answer, checking consent every second from
   * the start (as browsers keep checking while DTLS runs) until {@link #stopConsent}.
   */
  public void connect(String answerSdp, Duration timeout) throws IOException, InterruptedException {
    SessionDescription answer = SessionDescription.parse(answerSdp);
    for (MediaSection m : answer.media()) {
      if (m.port() == 0 || m.candidates().isEmpty()) {
        continue;
      }
      Candidate c = m.candidates().get(0);
      String ufrag = answer.iceUfrag(m);
      String pwd = answer.icePwd(m);
      long every = CONSENT_INTERVAL.toMillis();
      consent.scheduleAtFixedRate(
          () -> {
            try {
              int n = client.bindingRequest(check, ufrag, pwd);
              client.sendRaw(check, 0, n);
            } catch (RuntimeException e) {
              // not yet connecting (no bridge address), or closed: the next check will tell
            }
          },
          every,
          every,
          TimeUnit.MILLISECONDS);
      client.connect(
          new InetSocketAddress(c.address(), c.port()),
          ufrag,
          pwd,
          answer.fingerprint(m).value(),
          List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80),
          timeout);
      return;
    }
    throw new IllegalArgumentException("the answer has no candidate");
  }

  /** Stops sending consent checks: the bridge must time this client out. */
  public void stopConsent() {
    consent.shutdownNow();
  }

  @Override
  public void close() {
    consent.shutdownNow();
    client.close();
  }

  private static String chromiumOffer() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path offer = dir.resolve("testdata/chromium/chromium-156-simulcast-offer.sdp");
      if (Files.isRegularFile(offer)) {
        try {
          return Files.readString(offer);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException("testdata/chromium offer not found");
  }
}
