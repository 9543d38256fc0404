package io.octopod.operator.focus;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The focus's own HTTPS, for installs without a TLS ingress in front: a PEM certificate chain and
 * its private key, as a Kubernetes TLS Secret mounted into the operator pod holds them ({@code
 * tls.crt}, {@code tls.key}; PKCS#1, SEC1 or PKCS#8 keys). The files are read again when they
 * change, checked at most every 30 s as connections arrive: the kubelet replaces a mounted Secret's
 * files when cert-manager renews it, and the focus must not need a restart.
 */
public final class FocusTls {

  private static final Logger LOG = Logger.getLogger(FocusTls.class.getName());

  /** How often, at most, the files are checked for a renewal. */
  static final long RECHECK_NANOS = 30_000_000_000L;

  private final long recheckNanos;

  private final Path certificateChain;
  private final Path privateKey;
  private volatile SslContext context;
  private volatile List<FileTime> loadedVersions;
  private volatile long checkedAt;

  private FocusTls(Path certificateChain, Path privateKey, long recheckNanos) {
    this.recheckNanos = recheckNanos;
    this.certificateChain = certificateChain;
    this.privateKey = privateKey;
    this.loadedVersions = versions();
    this.context = load();
    this.checkedAt = System.nanoTime();
  }

  /**
   * Reads both files now; a missing or unreadable file, or a key that does not match, fails here,
   * at start, rather than at the first browser.
   */
  public static FocusTls fromFiles(Path certificateChain, Path privateKey) {
    return new FocusTls(certificateChain, privateKey, RECHECK_NANOS);
  }

  /** As {@link #fromFiles(Path, Path)}, checking for renewed files at most this often. */
  static FocusTls fromFiles(Path certificateChain, Path privateKey, long recheckNanos) {
    return new FocusTls(certificateChain, privateKey, recheckNanos);
  }

  /**
   * From {@code FOCUS_TLS_CERT_FILE} and {@code FOCUS_TLS_KEY_FILE}; null (plain HTTP) when neither
   * is set.
   */
  public static FocusTls fromEnvironment(Map<String, String> env) {
    String cert = blankToNull(env.get("FOCUS_TLS_CERT_FILE"));
    String key = blankToNull(env.get("FOCUS_TLS_KEY_FILE"));
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      throw new IllegalArgumentException(
          "FOCUS_TLS_CERT_FILE and FOCUS_TLS_KEY_FILE are set together, or neither");
    }
    return fromFiles(Path.of(cert), Path.of(key));
  }

  /** A TLS handler for a new connection, with the current certificate. */
  SslHandler newHandler(ByteBufAllocator alloc) {
    long now = System.nanoTime();
    if (now - checkedAt >= recheckNanos) {
      reloadIfChanged(now);
    }
    return context.newHandler(alloc);
  }

  private synchronized void reloadIfChanged(long now) {
    if (now - checkedAt < recheckNanos) {
      return;
    }
    checkedAt = now;
    try {
      List<FileTime> versions = versions();
      if (!versions.equals(loadedVersions)) {
        context = load();
        loadedVersions = versions;
        LOG.info("focus TLS: reloaded the certificate from " + certificateChain);
      }
    } catch (RuntimeException e) {
      // Half-written during a renewal, say: keep serving the certificate that works.
      LOG.log(Level.WARNING, "focus TLS: could not reload; keeping the current certificate", e);
    }
  }

  private List<FileTime> versions() {
    try {
      return List.of(
          Files.getLastModifiedTime(certificateChain), Files.getLastModifiedTime(privateKey));
    } catch (IOException e) {
      throw new UncheckedIOException("focus TLS: cannot read " + certificateChain, e);
    }
  }

  private SslContext load() {
    try {
      X509Certificate[] chain = certificates();
      PrivateKey key = privateKey();
      if (chain.length == 0) {
        throw new IllegalArgumentException("no certificate in " + certificateChain);
      }
      requireMatch(chain[0], key);
      return SslContextBuilder.forServer(key, chain)
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "focus TLS: cannot use " + certificateChain + " and " + privateKey + ": " + e, e);
    }
  }

  private X509Certificate[] certificates() throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(certificateChain)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast)
          .toArray(X509Certificate[]::new);
    }
  }

  /** PKCS#1 ("RSA PRIVATE KEY"), SEC1 ("EC PRIVATE KEY") or PKCS#8 ("PRIVATE KEY"), unencrypted. */
  private PrivateKey privateKey() throws IOException {
    try (PEMParser pem = new PEMParser(Files.newBufferedReader(privateKey))) {
      Object o = pem.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IllegalArgumentException("no unencrypted private key in " + privateKey);
    }
  }

  /**
   * A key that is not the certificate's would fail every handshake, and the JDK does not check at
   * start: sign a probe with the key and verify it with the certificate's public key.
   */
  private static void requireMatch(X509Certificate certificate, PrivateKey key)
      throws GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> throw new IllegalArgumentException("unsupported key " + key.getAlgorithm());
        };
    byte[] probe = "octopod focus TLS".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new IllegalArgumentException("the private key is not the certificate's");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
