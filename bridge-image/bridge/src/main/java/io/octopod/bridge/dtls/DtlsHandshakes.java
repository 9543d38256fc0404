package io.octopod.bridge.dtls;

import io.octopod.bridge.srtp.SrtpProfile;
import java.io.IOException;
import java.util.List;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;

/**
 * Runs a DTLS-SRTP handshake to completion on the calling thread (never an event loop: it blocks on
 * the transport). BouncyCastle retransmits lost flights and gives up after its handshake timeout; a
 * failure is an {@link IOException} saying why, never a hang.
 */
public final class DtlsHandshakes {

  private DtlsHandshakes() {}

  /** The bridge's side: waits for the peer's ClientHello on {@code transport}. */
  public static SrtpKeyingResult accept(
      DtlsIdentity identity, String peerFingerprint, QueueDatagramTransport transport)
      throws IOException {
    SrtpDtlsServer server = new SrtpDtlsServer(DtlsSrtp.crypto(), identity, peerFingerprint);
    DTLSTransport dtls = new DTLSServerProtocol().accept(server, transport);
    // Only SRTP keys are needed; the DTLS association stays open for its alerts.
    if (server.result() == null || dtls == null) {
      throw new IOException("DTLS handshake ended without SRTP keys");
    }
    return server.result();
  }

  /** The client's side: sends the ClientHello and completes the handshake. */
  public static SrtpKeyingResult connect(
      DtlsIdentity identity,
      String peerFingerprint,
      List<SrtpProfile> offered,
      QueueDatagramTransport transport)
      throws IOException {
    SrtpDtlsClient client =
        new SrtpDtlsClient(DtlsSrtp.crypto(), identity, peerFingerprint, offered);
    DTLSTransport dtls = new DTLSClientProtocol().connect(client, transport);
    if (client.result() == null || dtls == null) {
      throw new IOException("DTLS handshake ended without SRTP keys");
    }
    return client.result();
  }
}
