package io.octopod.bridge.dtls;

import io.octopod.bridge.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The bridge's DTLS server role ({@code a=setup:passive} in its answer): ECDSA certificate, client
 * certificate required and checked against the SDP fingerprint, {@code use_srtp} with GCM
 * preferred, keys exported when the handshake completes.
 */
final class SrtpDtlsServer extends DefaultTlsServer {

  private final JcaTlsCrypto crypto;
  private final DtlsIdentity identity;
  private final String expectedFingerprint;
  private SrtpProfile chosen;
  private volatile SrtpKeyingResult result;

  SrtpDtlsServer(JcaTlsCrypto crypto, DtlsIdentity identity, String expectedFingerprint) {
    super(crypto);
    this.crypto = crypto;
    this.identity = identity;
    this.expectedFingerprint = expectedFingerprint;
  }

  SrtpKeyingResult result() {
    return result;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return DtlsSrtp.versions();
  }

  @Override
  public int getHandshakeTimeoutMillis() {
    return DtlsSrtp.handshakeTimeoutMillis();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return DtlsSrtp.cipherSuites(crypto);
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    return DtlsSrtp.signer(context, crypto, identity);
  }

  @Override
  public CertificateRequest getCertificateRequest() {
    return DtlsSrtp.certificateRequest();
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    DtlsSrtp.checkFingerprint(clientCertificate, expectedFingerprint);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    chosen = offered == null ? null : DtlsSrtp.choose(offered.getProtectionProfiles());
    if (chosen == null) {
      throw new TlsFatalAlert(
          AlertDescription.handshake_failure,
          "the client offered no SRTP profile this bridge supports");
    }
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getServerExtensions() throws IOException {
    Hashtable extensions = super.getServerExtensions();
    DtlsSrtp.addUseSrtp(extensions, new int[] {chosen.id()});
    return extensions;
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    result = DtlsSrtp.export(context, chosen, false);
  }
}
