package io.octopod.bridge.dtls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A DTLS identity: an ECDSA P-256 key pair and a self-signed certificate made at start-up (WebRTC
 * authenticates by the certificate's fingerprint in the SDP, not by a CA), and that fingerprint.
 */
public final class DtlsIdentity {

  private final KeyPair keyPair;
  private final byte[] certificate;
  private final String fingerprint;

  private DtlsIdentity(KeyPair keyPair, byte[] certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
    this.fingerprint = fingerprintOf(certificate);
  }

  /** Generates a fresh identity valid for 30 days (a bridge restarts long before). */
  public static DtlsIdentity generate(String commonName) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      Instant now = Instant.now();
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  new X500Name("CN=" + commonName),
                  new BigInteger(64, new SecureRandom()),
                  Date.from(now.minus(Duration.ofDays(1))),
                  Date.from(now.plus(Duration.ofDays(30))),
                  new X500Name("CN=" + commonName),
                  pair.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new DtlsIdentity(pair, holder.getEncoded());
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("could not make a DTLS certificate", e);
    }
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  /** The DER certificate. */
  public byte[] certificate() {
    return certificate.clone();
  }

  /** The SHA-256 fingerprint as SDP writes it: upper-case hex pairs joined by colons. */
  public String fingerprint() {
    return fingerprint;
  }

  static String fingerprintOf(byte[] der) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Whether two fingerprints are the same, ignoring case (SDP writers differ). */
  static boolean sameFingerprint(String a, String b) {
    return a != null && b != null && a.toUpperCase(Locale.ROOT).equals(b.toUpperCase(Locale.ROOT));
  }
}
