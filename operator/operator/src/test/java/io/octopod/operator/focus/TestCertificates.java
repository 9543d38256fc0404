package io.octopod.operator.focus;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test CA and a server certificate it signed for the loopback address (IP SAN 127.0.0.1, DNS
 * localhost) and for {@value #HOST}, a name a test's Chromium maps to loopback (so that the page's
 * origin is not one the browser trusts for being loopback), written as a Kubernetes TLS Secret
 * holds them: {@code tls.crt} (the chain, server first) and {@code tls.key} (the server's RSA key
 * in PKCS#1, cert-manager's default encoding).
 */
final class TestCertificates {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The meeting host of the tests' HTTPS pages. */
  static final String HOST = "meet.test";

  final X509Certificate ca;
  final X509Certificate server;
  final KeyPair serverKeys;
  final Path chainFile;
  final Path keyFile;

  private TestCertificates(
      X509Certificate ca, X509Certificate server, KeyPair serverKeys, Path chain, Path key) {
    this.ca = ca;
    this.server = server;
    this.serverKeys = serverKeys;
    this.chainFile = chain;
    this.keyFile = key;
  }

  /** A new CA and server certificate, with the files in {@code dir}. */
  static TestCertificates create(Path dir) throws Exception {
    KeyPair caKeys = rsa();
    X500Name caName = new X500Name("CN=Octopod test CA");
    JcaX509v3CertificateBuilder caBuilder = builder(caName, caName, caKeys.getPublic());
    caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    caBuilder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate ca = sign(caBuilder, caKeys.getPrivate());

    KeyPair serverKeys = rsa();
    JcaX509v3CertificateBuilder serverBuilder =
        builder(caName, new X500Name("CN=127.0.0.1"), serverKeys.getPublic());
    serverBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    serverBuilder.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    serverBuilder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    serverBuilder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.dNSName, HOST)
            }));
    X509Certificate server = sign(serverBuilder, caKeys.getPrivate());

    Files.createDirectories(dir);
    Path chain = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    writePem(chain, server, ca);
    writePem(key, serverKeys.getPrivate());
    return new TestCertificates(ca, server, serverKeys, chain, key);
  }

  /**
   * Base64 of the SHA-256 of the server certificate's public key (its SubjectPublicKeyInfo): what
   * Chromium's {@code --ignore-certificate-errors-spki-list} takes to trust it.
   */
  String serverSpkiSha256() throws GeneralSecurityException {
    return Base64.getEncoder()
        .encodeToString(
            MessageDigest.getInstance("SHA-256").digest(server.getPublicKey().getEncoded()));
  }

  /**
   * The switches that make a test's Chromium trust this server certificate (for pages and
   * WebSockets alike) and resolve {@link #HOST} and {@code names} to loopback.
   */
  List<String> chromiumSwitches(String... names) throws GeneralSecurityException {
    StringBuilder rules = new StringBuilder("MAP " + HOST + " 127.0.0.1");
    for (String name : names) {
      rules.append(", MAP ").append(name).append(" 127.0.0.1");
    }
    return List.of(
        "--ignore-certificate-errors-spki-list=" + serverSpkiSha256(),
        "--host-resolver-rules=" + rules);
  }

  /** A client context trusting only this CA (for the JDK's HttpClient). */
  SSLContext clientContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), RANDOM);
    return context;
  }

  /** A server context with this certificate (for a TLS-terminating ingress in a test). */
  SSLContext serverContext() throws Exception {
    char[] password = "test".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "server", serverKeys.getPrivate(), password, new X509Certificate[] {server, ca});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, RANDOM);
    return context;
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, RANDOM);
    return generator.generateKeyPair();
  }

  private static JcaX509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, PublicKey key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(30))),
        subject,
        key);
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws Exception {
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey);
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static void writePem(Path file, Object... objects) throws IOException {
    try (Writer out = Files.newBufferedWriter(file);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        pem.writeObject(o);
      }
    }
  }
}
