package io.octopod.protocol.fuzz;

import java.util.Arrays;
import java.util.Random;

/** Small, structure-blind mutations of a valid input: the edits that find length bugs. */
final class Mutator {

  private Mutator() {}

  static byte[] mutate(byte[] seed, Random random) {
    byte[] out = seed.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      switch (random.nextInt(6)) {
        case 0 -> {
          if (out.length > 0) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 1 -> {
          if (out.length > 0) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
          }
        }
        case 2 -> out = Arrays.copyOf(out, out.length == 0 ? 0 : random.nextInt(out.length));
        case 3 -> out = Arrays.copyOf(out, out.length + 1 + random.nextInt(8));
        case 4 -> {
          if (out.length > 4) {
            // Lengths hide in the first few bytes of every header here.
            int at = random.nextInt(Math.min(out.length, 24));
            out[at] = (byte) (random.nextBoolean() ? 0xff : 0x00);
          }
        }
        default -> {
          if (out.length > 2) {
            int from = random.nextInt(out.length);
            int to = random.nextInt(out.length);
            byte t = out[from];
            out[from] = out[to];
            out[to] = t;
          }
        }
      }
    }
    return out;
  }
}
