package io.octopod.bridge.ice;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.protocol.Bytes;
import org.junit.jupiter.api.Test;

class RecentTransactionsTest {

  private static byte[] id(int n) {
    byte[] id = new byte[12];
    Bytes.putU32(id, 8, n);
    return id;
  }

  @Test
  void aRepeatIsKnownUntilCapacityNewerIdsPushItOut() {
    RecentTransactions recent = new RecentTransactions();
    assertTrue(recent.add(id(0), 0));
    assertFalse(recent.add(id(0), 0), "a repeat");
    for (int n = 1; n < RecentTransactions.CAPACITY; n++) {
      assertTrue(recent.add(id(n), 0));
    }
    assertFalse(recent.add(id(0), 0), "still among the last CAPACITY");
    assertTrue(recent.add(id(RecentTransactions.CAPACITY), 0));
    assertTrue(recent.add(id(0), 0), "the oldest went first: memory stays bounded");
    assertFalse(recent.add(id(RecentTransactions.CAPACITY), 0));
  }

  @Test
  void comparesAllTwelveBytesAtTheGivenOffset() {
    RecentTransactions recent = new RecentTransactions();
    byte[] buf = new byte[40];
    buf[20 + 11] = 1;
    assertTrue(recent.add(buf, 20));
    buf[20 + 11] = 2;
    assertTrue(recent.add(buf, 20), "differs only in the last byte");
    assertFalse(recent.add(buf, 20));
  }
}
