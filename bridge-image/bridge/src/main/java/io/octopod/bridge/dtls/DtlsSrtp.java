package io.octopod.bridge.dtls;

import io.octopod.bridge.srtp.SrtpProfile;
import io.octopod.bridge.srtp.SrtpSession;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The parts of DTLS-SRTP (RFC 5764) shared by the bridge's server role and the test/load client
 * role: the JCA crypto (the JDK's AES-NI paths), the certificate as BouncyCastle wants it, the
 * {@code use_srtp} profiles in order of preference, the fingerprint check, and the key export.
 */
final class DtlsSrtp {

  /** GCM first: half the cost per packet (docs/benchmarks.md); AES-CM for browsers without it. */
  static final List<SrtpProfile> PREFERRED =
      List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);

  static final SignatureAndHashAlgorithm ECDSA_SHA256 =
      new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

  private DtlsSrtp() {}

  /** ECDHE with ECDSA certificates, AEAD first: what browsers offer for DTLS-SRTP. */
  static int[] cipherSuites(JcaTlsCrypto crypto) {
    return org.bouncycastle.tls.TlsUtils.getSupportedCipherSuites(
        crypto,
        new int[] {
          org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
          org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
          org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
          org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
        });
  }

  /**
   * How long a handshake may take before it fails (BouncyCastle retransmits within it). 20 s by
   * default; the {@code octopod.dtls.handshakeTimeoutMillis} system property shortens it for tests.
   */
  static int handshakeTimeoutMillis() {
    return Integer.getInteger("octopod.dtls.handshakeTimeoutMillis", 20_000);
  }

  static JcaTlsCrypto crypto() {
    return (JcaTlsCrypto) new JcaTlsCryptoProvider().create(new SecureRandom());
  }

  /** DTLS 1.2: what WebRTC stacks all speak; BouncyCastle's DTLS 1.3 is not used. */
  static ProtocolVersion[] versions() {
    return ProtocolVersion.DTLSv12.only();
  }

  static TlsCredentialedSigner signer(
      TlsContext context, JcaTlsCrypto crypto, DtlsIdentity identity) throws IOException {
    TlsCertificate certificate = crypto.createCertificate(identity.certificate());
    return new JcaDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context),
        crypto,
        identity.keyPair().getPrivate(),
        new Certificate(new TlsCertificate[] {certificate}),
        ECDSA_SHA256);
  }

  static CertificateRequest certificateRequest() {
    Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
    algorithms.add(ECDSA_SHA256);
    algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
    return new CertificateRequest(
        new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
        algorithms,
        null);
  }

  /** Fails the handshake unless the peer's certificate has the fingerprint the SDP announced. */
  static void checkFingerprint(Certificate peer, String expected) throws IOException {
    if (peer == null || peer.isEmpty()) {
      throw new TlsFatalAlert(
          AlertDescription.certificate_required, "the peer sent no certificate");
    }
    String actual = DtlsIdentity.fingerprintOf(peer.getCertificateAt(0).getEncoded());
    if (!DtlsIdentity.sameFingerprint(actual, expected)) {
      throw new TlsFatalAlert(
          AlertDescription.bad_certificate,
          "certificate fingerprint " + actual + " is not the one in the SDP");
    }
  }

  static int[] profileIds(List<SrtpProfile> profiles) {
    return profiles.stream().mapToInt(SrtpProfile::id).toArray();
  }

  /** The first of our preferred profiles the peer offered, or null. */
  static SrtpProfile choose(int[] offered) {
    for (SrtpProfile p : PREFERRED) {
      for (int id : offered) {
        if (id == p.id()) {
          return p;
        }
      }
    }
    return null;
  }

  static void addUseSrtp(Hashtable<Integer, byte[]> extensions, int[] profiles) throws IOException {
    TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(profiles, new byte[0]));
  }

  /** RFC 5764 §4.2: export the keys with the label "EXTRACTOR-dtls_srtp". */
  static SrtpKeyingResult export(TlsContext context, SrtpProfile profile, boolean client) {
    byte[] material =
        context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
    return new SrtpKeyingResult(profile, SrtpSession.fromKeyingMaterial(profile, material, client));
  }
}
