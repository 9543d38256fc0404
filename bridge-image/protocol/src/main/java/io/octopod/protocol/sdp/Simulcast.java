package io.octopod.protocol.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code a=simulcast:send q;h;f recv ...} (RFC 8853 §5.1). Each direction is a list of streams;
 * each stream is a list of alternative rids (separated by ","); a leading "~" marks a paused one
 * and is kept in the rid string.
 */
public record Simulcast(List<List<String>> send, List<List<String>> receive) {

  public Simulcast {
    send = List.copyOf(send);
    receive = List.copyOf(receive);
  }

  static Simulcast parse(String value) {
    String[] parts = value.trim().split(" +");
    if (parts.length != 2 && parts.length != 4) {
      throw new IllegalArgumentException("simulcast needs 'send|recv <streams>' once or twice");
    }
    List<List<String>> send = List.of();
    List<List<String>> receive = List.of();
    for (int i = 0; i < parts.length; i += 2) {
      List<List<String>> streams = streams(parts[i + 1]);
      switch (parts[i]) {
        case "send" -> send = streams;
        case "recv" -> receive = streams;
        default ->
            throw new IllegalArgumentException(
                "simulcast direction must be send or recv, got " + parts[i]);
      }
    }
    return new Simulcast(send, receive);
  }

  private static List<List<String>> streams(String text) {
    List<List<String>> out = new ArrayList<>();
    for (String stream : text.split(";")) {
      if (stream.isEmpty()) {
        throw new IllegalArgumentException("simulcast has an empty stream");
      }
      out.add(List.copyOf(Arrays.asList(stream.split(","))));
    }
    return out;
  }
}
