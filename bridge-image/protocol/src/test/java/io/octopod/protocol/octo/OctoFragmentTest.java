package io.octopod.protocol.octo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.protocol.Bytes;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The message sub-header and the ack: what is written reads back, and every bad field is named. */
class OctoFragmentTest {

  private final OctoFragment fragment = new OctoFragment();
  private final OctoAck ack = new OctoAck();

  private static byte[] message(int length) {
    byte[] m = new byte[length];
    new Random(length).nextBytes(m);
    return m;
  }

  /** Fragment {@code index} of a message, as a sender writes it. */
  private static byte[] written(byte[] message, long number, long backlog, int index) {
    byte[] out = new byte[OctoFragment.LENGTH + OctoFragment.FRAGMENT_BYTES];
    int n = OctoFragment.write(out, 0, number, backlog, message, message.length, index);
    return Arrays.copyOf(out, n);
  }

  @Test
  void everyDatagramFitsTwelveHundredBytesAndTheLargestMessageFitsTheBitmap() {
    assertEquals(1136, OctoFragment.FRAGMENT_BYTES);
    assertEquals(
        1200,
        OctoHeader.LENGTH
            + OctoFragment.LENGTH
            + OctoFragment.FRAGMENT_BYTES
            + OctoHeader.TAG_LENGTH);
    assertEquals(53, OctoFragment.MAX_FRAGMENTS);
    assertTrue(OctoFragment.MAX_FRAGMENTS <= 64, "an ack entry's bitmap holds every fragment");
    assertTrue(OctoInbox.MAX_ACK_LENGTH + OctoHeader.LENGTH + OctoHeader.TAG_LENGTH <= 1200);
  }

  @Test
  void fragmentsReadBackAndCoverTheMessage() {
    byte[] m = message(3000);
    byte[] joined = new byte[3000];
    for (int i = 0; i < 3; i++) {
      byte[] f = written(m, 77, 2, i);
      assertTrue(fragment.wrap(f, 0, f.length), fragment.invalidReason());
      assertEquals(i, fragment.index());
      assertEquals(3, fragment.count());
      assertEquals(3000, fragment.messageLength());
      assertEquals(77, fragment.number());
      assertEquals(2, fragment.backlog());
      assertEquals(75, fragment.firstHeld());
      assertEquals(i < 2 ? 1136 : 3000 - 2 * 1136, fragment.bodyLength());
      System.arraycopy(
          f, fragment.bodyOffset(), joined, i * OctoFragment.FRAGMENT_BYTES, fragment.bodyLength());
    }
    assertArrayEquals(m, joined);
  }

  @Test
  void badFieldsAreRejectedWithTheirReason() {
    byte[] good = written(message(2500), 9, 0, 1);
    assertTrue(fragment.wrap(good, 0, good.length));

    assertFalse(fragment.wrap(good, 0, OctoFragment.LENGTH - 1));
    assertEquals(OctoFragment.TOO_SHORT, fragment.invalidReason());

    byte[] version = good.clone();
    version[0] = 0x20;
    assertFalse(fragment.wrap(version, 0, version.length));
    assertEquals(OctoFragment.UNSUPPORTED_VERSION, fragment.invalidReason());

    byte[] zeroLength = good.clone();
    Bytes.putU16(zeroLength, 6, 0);
    assertFalse(fragment.wrap(zeroLength, 0, zeroLength.length));
    assertEquals(OctoFragment.BAD_LENGTH, fragment.invalidReason());

    byte[] oversized = good.clone();
    Bytes.putU16(oversized, 6, 60_001);
    Bytes.putU16(oversized, 4, OctoFragment.fragmentsFor(60_001));
    assertFalse(fragment.wrap(oversized, 0, oversized.length));
    assertEquals(OctoFragment.BAD_LENGTH, fragment.invalidReason());

    byte[] bogusCount = good.clone();
    Bytes.putU16(bogusCount, 4, 60_000);
    assertFalse(fragment.wrap(bogusCount, 0, bogusCount.length));
    assertEquals(OctoFragment.BAD_COUNT, fragment.invalidReason());

    byte[] index = good.clone();
    Bytes.putU16(index, 2, 3);
    assertFalse(fragment.wrap(index, 0, index.length));
    assertEquals(OctoFragment.BAD_INDEX, fragment.invalidReason());

    assertFalse(fragment.wrap(good, 0, good.length - 1), "a fragment cut short");
    assertEquals(OctoFragment.BAD_FRAGMENT_SIZE, fragment.invalidReason());

    byte[] last = good.clone();
    Bytes.putU16(last, 2, 2);
    assertFalse(fragment.wrap(last, 0, last.length), "a full-size body claiming to be the last");
    assertEquals(OctoFragment.BAD_FRAGMENT_SIZE, fragment.invalidReason());

    byte[] zeroNumber = good.clone();
    Bytes.putI64(zeroNumber, 8, 0);
    assertFalse(fragment.wrap(zeroNumber, 0, zeroNumber.length));
    assertEquals(OctoFragment.BAD_NUMBER, fragment.invalidReason());

    byte[] backlog = good.clone();
    Bytes.putU32(backlog, 16, 9);
    assertFalse(fragment.wrap(backlog, 0, backlog.length), "nothing can be held below 1");
    assertEquals(OctoFragment.BAD_NUMBER, fragment.invalidReason());
  }

  @Test
  void acksReadBackAndBadOnesAreRejected() {
    byte[] out = new byte[OctoInbox.MAX_ACK_LENGTH];
    OctoAck.writeHeader(out, 0, 1000, 2);
    OctoAck.writeEntry(out, 0, 0, 1000, 1002, 0b101);
    OctoAck.writeEntry(out, 0, 1, 1000, 1005, -1L);
    int len = OctoAck.LENGTH + 2 * OctoAck.ENTRY_LENGTH;
    assertTrue(ack.wrap(out, 0, len), ack.invalidReason());
    assertEquals(1000, ack.cumulative());
    assertEquals(2, ack.entryCount());
    assertEquals(1002, ack.entryNumber(0));
    assertEquals(0b101, ack.entryFragments(0));
    assertEquals(1005, ack.entryNumber(1));
    assertEquals(-1L, ack.entryFragments(1));

    assertFalse(ack.wrap(out, 0, OctoAck.LENGTH - 1));
    assertEquals(OctoAck.TOO_SHORT, ack.invalidReason());
    assertFalse(ack.wrap(out, 0, len - 1));
    assertEquals(OctoAck.BAD_LENGTH, ack.invalidReason());

    byte[] version = out.clone();
    version[0] = 0;
    assertFalse(ack.wrap(version, 0, len));
    assertEquals(OctoAck.UNSUPPORTED_VERSION, ack.invalidReason());

    byte[] many = out.clone();
    Bytes.putU16(many, 2, 65);
    assertFalse(ack.wrap(many, 0, len));
    assertEquals(OctoAck.TOO_MANY_ENTRIES, ack.invalidReason());

    byte[] falling = out.clone();
    OctoAck.writeEntry(falling, 0, 1, 1000, 1002, 1);
    assertFalse(ack.wrap(falling, 0, len), "the same message twice");
    assertEquals(OctoAck.BAD_DISTANCE, ack.invalidReason());

    byte[] zero = out.clone();
    OctoAck.writeEntry(zero, 0, 0, 1000, 1000, 1);
    assertFalse(ack.wrap(zero, 0, len), "an entry at the cumulative point");
    assertEquals(OctoAck.BAD_DISTANCE, ack.invalidReason());
  }
}
