package io.octopod.bridge.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SentPacketCacheTest {

  private static final long MS = 1_000_000L;

  @Test
  void keepsPacketsByCountAndAge() {
    SentPacketCache cache = new SentPacketCache();
    byte[] packet = {1, 2, 3, 4};
    cache.store(65535, packet, 0, 4, 0);
    int i = cache.find(65535, 10 * MS);
    assertTrue(i >= 0);
    assertEquals(4, cache.length(i));
    assertEquals(3, cache.buffer(i)[2]);
    assertEquals(-1, cache.find(65535, SentPacketCache.MAX_AGE_NANOS + MS), "too old");
    assertEquals(-1, cache.find(1, 0), "never stored");
    cache.store(65535 + SentPacketCache.CAPACITY & 0xffff, packet, 0, 4, 0);
    assertEquals(-1, cache.find(65535, 0), "overwritten once the ring went round");
  }

  @Test
  void resendsAreSpacedByARoundTrip() {
    SentPacketCache cache = new SentPacketCache();
    cache.store(7, new byte[10], 0, 10, 0);
    int i = cache.find(7, 0);
    assertTrue(cache.claimResend(i, 0, 100 * MS));
    assertFalse(cache.claimResend(i, 60 * MS, 100 * MS));
    assertTrue(cache.claimResend(i, 100 * MS, 100 * MS));
  }
}
