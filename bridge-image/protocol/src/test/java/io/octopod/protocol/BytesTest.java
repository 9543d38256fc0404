package io.octopod.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BytesTest {

  @Test
  void readsNetworkOrder() {
    byte[] b = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4};
    assertEquals(0xde, Bytes.u8(b, 0));
    assertEquals(0xdead, Bytes.u16(b, 0));
    assertEquals(0xdeadbe, Bytes.u24(b, 0));
    assertEquals(0xdeadbeefL, Bytes.u32(b, 0));
    assertEquals(0xdeadbeef, Bytes.i32(b, 0));
    assertEquals(0xdeadbeef01020304L, Bytes.i64(b, 0));
  }

  @Test
  void writesWhatItReads() {
    byte[] b = new byte[8];
    Bytes.putU16(b, 0, 0xfffe);
    Bytes.putU24(b, 2, 0x123456);
    assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe, 0x12, 0x34, 0x56, 0, 0, 0}, b);
    Bytes.putU32(b, 0, 0xcafebabeL);
    assertEquals(0xcafebabeL, Bytes.u32(b, 0));
    Bytes.putI64(b, 0, -2L);
    assertEquals(-2L, Bytes.i64(b, 0));
  }

  @Test
  void boundsCheckRefusesOverflowAndNegatives() {
    assertTrue(Bytes.inBounds(10, 0, 10));
    assertTrue(Bytes.inBounds(10, 10, 0));
    assertFalse(Bytes.inBounds(10, 1, 10));
    assertFalse(Bytes.inBounds(10, -1, 2));
    assertFalse(Bytes.inBounds(10, 2, -1));
    assertFalse(Bytes.inBounds(10, Integer.MAX_VALUE, 2));
  }
}
