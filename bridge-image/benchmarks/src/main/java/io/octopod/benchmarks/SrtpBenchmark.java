package io.octopod.benchmarks;

import io.octopod.bridge.srtp.SrtpProfile;
import io.octopod.bridge.srtp.SrtpSession;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SRTP per packet (1,200-byte payload) for both profiles, against the raw JCE work the profile
 * needs for the same bytes (AES-CTR + HMAC-SHA1, or AES-GCM), measured in the same run: the ratio
 * is what the SRTP layer adds on top of the cipher.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SrtpBenchmark {

  @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
  public String profileName;

  private SrtpSession sender;
  private SrtpSession receiver;
  private final byte[] plain = new byte[12 + 1200];
  private final byte[] work = new byte[12 + 1200 + 32];
  private byte[] sealed;
  private int sealedLength;
  private int seq;
  private Cipher rawCipher;
  private Mac rawMac;
  private SecretKeySpec rawKey;
  private final byte[] rawIv = new byte[16];
  private final byte[] rawTag = new byte[20];

  @Setup
  public void setUp() throws GeneralSecurityException {
    SrtpProfile profile = SrtpProfile.valueOf(profileName);
    byte[] key = new byte[profile.keyLength()];
    byte[] salt = new byte[profile.saltLength()];
    Arrays.fill(key, (byte) 3);
    Arrays.fill(salt, (byte) 5);
    sender = new SrtpSession(profile, key, salt, key, salt);
    receiver = new SrtpSession(profile, key, salt, key, salt);
    plain[0] = (byte) 0x80;
    plain[1] = 96;
    plain[11] = 1;
    rawKey = new SecretKeySpec(key, "AES");
    rawCipher = Cipher.getInstance(profile.aead() ? "AES/GCM/NoPadding" : "AES/CTR/NoPadding");
    rawMac = Mac.getInstance("HmacSHA1");
    rawMac.init(new SecretKeySpec(new byte[20], "HmacSHA1"));
    sealed = new byte[work.length];
    System.arraycopy(plain, 0, sealed, 0, plain.length);
    sealedLength = sender.protectRtp(sealed, 0, plain.length);
  }

  @Benchmark
  public int protect() throws GeneralSecurityException {
    System.arraycopy(plain, 0, work, 0, plain.length);
    seq = (seq + 1) & 0xffff;
    work[2] = (byte) (seq >>> 8);
    work[3] = (byte) seq;
    return sender.protectRtp(work, 0, plain.length);
  }

  @Benchmark
  public int unprotect() throws GeneralSecurityException {
    // A fresh receiver would be needed to unprotect the same packet twice (the replay window
    // refuses it), so protect a new sequence number and then unprotect it; subtract protect().
    int n = protect();
    return receiver.unprotectRtp(work, 0, n);
  }

  @Benchmark
  public int rawJceBaseline() throws GeneralSecurityException {
    System.arraycopy(plain, 0, work, 0, plain.length);
    rawIv[15]++;
    if (rawCipher.getAlgorithm().contains("GCM")) {
      byte[] iv12 = Arrays.copyOf(rawIv, 12);
      iv12[0] = (byte) seq++;
      iv12[1] = (byte) (seq >>> 8);
      rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, iv12));
      rawCipher.updateAAD(work, 0, 12);
      return rawCipher.doFinal(work, 12, 1200, work, 12);
    }
    rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new IvParameterSpec(rawIv));
    int n = rawCipher.update(work, 12, 1200, work, 12);
    rawMac.update(work, 0, 12 + 1200);
    rawMac.doFinal(rawTag, 0);
    return n;
  }
}
