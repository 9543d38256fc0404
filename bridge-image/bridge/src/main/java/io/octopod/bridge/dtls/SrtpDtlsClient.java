package io.octopod.bridge.dtls;

import io.octopod.bridge.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The DTLS client role ({@code a=setup:active}), for the Java test client and the load generator:
 * offers the given SRTP profiles, checks the server certificate against the fingerprint from the
 * bridge's answer, presents its own certificate.
 */
final class SrtpDtlsClient extends DefaultTlsClient {

  private final JcaTlsCrypto crypto;
  private final DtlsIdentity identity;
  private final String expectedFingerprint;
  private final List<SrtpProfile> offered;
  private SrtpProfile selected;
  private volatile SrtpKeyingResult result;

  SrtpDtlsClient(
      JcaTlsCrypto crypto,
      DtlsIdentity identity,
      String expectedFingerprint,
      List<SrtpProfile> offered) {
    super(crypto);
    this.crypto = crypto;
    this.identity = identity;
    this.expectedFingerprint = expectedFingerprint;
    this.offered = List.copyOf(offered);
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
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getClientExtensions() throws IOException {
    Hashtable extensions = super.getClientExtensions();
    DtlsSrtp.addUseSrtp(extensions, DtlsSrtp.profileIds(offered));
    return extensions;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    UseSRTPData data = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
    int[] ids = data == null ? new int[0] : data.getProtectionProfiles();
    selected = ids.length == 1 ? SrtpProfile.byId(ids[0]) : null;
    if (selected == null || !offered.contains(selected)) {
      throw new TlsFatalAlert(
          AlertDescription.illegal_parameter, "the server selected no SRTP profile we offered");
    }
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate)
          throws IOException {
        DtlsSrtp.checkFingerprint(serverCertificate.getCertificate(), expectedFingerprint);
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        return DtlsSrtp.signer(context, crypto, identity);
      }
    };
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    result = DtlsSrtp.export(context, selected, true);
  }
}
