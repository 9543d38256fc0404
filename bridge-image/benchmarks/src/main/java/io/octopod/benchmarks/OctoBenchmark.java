package io.octopod.benchmarks;

import io.octopod.bridge.octo.OctoSealer;
import io.octopod.protocol.octo.OctoHeader;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Octo sealing and opening of one 1,200-byte packet (header written, AES-128-GCM with the header as
 * associated data), next to raw JCE AES-128-GCM over the same 1,200 bytes with no associated data,
 * in the same run: the ratio is what the Octo layer adds to the cipher.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OctoBenchmark {

  private static final int PAYLOAD = 1200;

  private final OctoSealer sealer = new OctoSealer();
  private final byte[] payload = new byte[PAYLOAD];
  private final byte[] work = new byte[OctoHeader.LENGTH + PAYLOAD + OctoHeader.TAG_LENGTH];
  private final byte[] sealed = new byte[work.length];
  private final byte[] opened = new byte[work.length];
  private final byte[] rawIn = new byte[PAYLOAD + OctoHeader.TAG_LENGTH];
  private final byte[] rawNonce = new byte[12];
  private SecretKeySpec key;
  private Cipher raw;
  private long sequence;
  private int sealedLength;

  @Setup
  public void setUp() throws GeneralSecurityException {
    byte[] k = new byte[16];
    Arrays.fill(k, (byte) 7);
    key = new SecretKeySpec(k, "AES");
    Arrays.fill(payload, (byte) 0x5a);
    raw = Cipher.getInstance("AES/GCM/NoPadding");
    OctoHeader.write(sealed, 0, OctoHeader.KIND_RTP, OctoHeader.MEDIA_VIDEO, 2, 1, 4242, 3, 1, 99);
    System.arraycopy(payload, 0, sealed, OctoHeader.LENGTH, PAYLOAD);
    sealedLength = sealer.seal(key, sealed, 0, OctoHeader.LENGTH + PAYLOAD);
  }

  /** What the bridge does per packet and peer: write the header, copy the packet, seal. */
  @Benchmark
  public int seal() throws GeneralSecurityException {
    OctoHeader.write(
        work, 0, OctoHeader.KIND_RTP, OctoHeader.MEDIA_VIDEO, 2, 1, 4242, 3, 1, ++sequence);
    System.arraycopy(payload, 0, work, OctoHeader.LENGTH, PAYLOAD);
    return sealer.seal(key, work, 0, OctoHeader.LENGTH + PAYLOAD);
  }

  /** Opening one sealed packet (a copy first, since opening is in place). */
  @Benchmark
  public int open() {
    System.arraycopy(sealed, 0, opened, 0, sealedLength);
    return sealer.open(key, opened, 0, sealedLength);
  }

  /** The baseline: JCE AES-GCM encryption of the same 1,200 bytes, a fresh nonce each time. */
  @Benchmark
  public int rawGcmEncrypt() throws GeneralSecurityException {
    long n = ++sequence;
    for (int i = 0; i < 8; i++) {
      rawNonce[4 + i] = (byte) (n >>> (56 - 8 * i));
    }
    raw.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, rawNonce));
    return raw.doFinal(payload, 0, PAYLOAD, rawIn, 0);
  }
}
