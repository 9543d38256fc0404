package io.octopod.bridge.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.config.BridgeConfig;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dominant speaker with real browsers: three Chromium pages play a steady tone as their microphone;
 * one is unmuted. Every page's bridge channel must name it; when another one unmutes and the first
 * mutes, the floor must move on every page within 2 s.
 */
class DominantSpeakerIT {

  private static final String TOKEN = "dominant-speaker-it-token-0123";
  private static final List<String> NAMES = List.of("ann", "ben", "cat");

  /** A 10 s, 440 Hz tone at about -10 dBFS, 48 kHz mono, which Chromium plays in a loop. */
  private static Path tone() throws Exception {
    int rate = 48_000;
    int samples = rate * 10;
    ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      pcm.putShort((short) (10_000 * Math.sin(2 * Math.PI * 440 * i / rate)));
    }
    ByteArrayOutputStream wav = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
    header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1);
    header.putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
    header.put("data".getBytes()).putInt(samples * 2);
    wav.write(header.array());
    wav.write(pcm.array());
    Path file = Files.createTempFile("octopod-tone-", ".wav");
    Files.write(file, wav.toByteArray());
    return file;
  }

  private static String holder(WebDriverSession page) throws Exception {
    JsonNode d = MeetingPage.dominantSpeaker(page);
    return d.isNull() ? null : d.get("endpointId").asText();
  }

  /** Waits until every page names {@code speaker}; returns the latest arrival time (Date.now()). */
  private static long awaitFloor(List<WebDriverSession> pages, String speaker, long timeoutMillis)
      throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      long latest = 0;
      boolean all = true;
      for (WebDriverSession page : pages) {
        JsonNode d = MeetingPage.dominantSpeaker(page);
        if (d.isNull() || !speaker.equals(d.get("endpointId").asText())) {
          all = false;
          break;
        }
        latest = Math.max(latest, d.get("receivedAt").asLong());
      }
      if (all) {
        return latest;
      }
      Thread.sleep(100);
    }
    List<String> seen = new ArrayList<>();
    for (WebDriverSession page : pages) {
      seen.add(holder(page));
    }
    throw new AssertionError("pages did not all name " + speaker + ": " + seen);
  }

  @Test
  void theUnmutedParticipantHoldsTheFloorAndItMovesWithinTwoSeconds() throws Exception {
    Path tone = tone();
    List<WebDriverSession> pages = new ArrayList<>();
    try (MeetingPage page = MeetingPage.serve(2, 2);
        Bridge bridge = Bridge.start(BridgeConfig.loopback("local", "bridge-ds", TOKEN))) {
      BridgeApi api = new BridgeApi(bridge, TOKEN);
      api.call(
          "PUT", "/colibri/conferences/talk", Map.of("name", "local/talk", "octoConferenceId", 5));
      for (String name : NAMES) {
        WebDriverSession browser =
            WebDriverSession.start(List.of("--use-file-for-fake-audio-capture=" + tone));
        pages.add(browser);
        browser.navigate(page.url());
        String offer = MeetingPage.offer(browser);
        MeetingPage.setAudioMuted(browser, !name.equals("ann"));
        JsonNode allocation =
            api.call(
                "POST",
                "/colibri/conferences/talk/endpoints",
                Map.of("endpointId", name, "offer", offer));
        assertEquals("ok", MeetingPage.applyAnswer(browser, allocation.get("answer").asText()));
        assertEquals("open", MeetingPage.openChannel(browser, allocation.get("bridgeChannel")));
      }
      awaitFloor(pages, "ann", 20_000);
      Thread.sleep(3_000); // let ann's lead settle on every time scale

      long unmutedAt = MeetingPage.setAudioMuted(pages.get(1), false);
      MeetingPage.setAudioMuted(pages.get(0), true);
      long movedAt = awaitFloor(pages, "ben", 10_000);
      long handoverMillis = movedAt - unmutedAt;
      // Reported, not asserted: the time includes three Chromium pages sharing two cores. How
      // fast the identifier moves the floor is tested on a virtual clock in
      // DominantSpeakerIdentifierTest.
      System.out.println(
          "the floor moved from ann to ben on all pages in " + handoverMillis + " ms");
    } finally {
      pages.forEach(WebDriverSession::close);
      Files.deleteIfExists(tone);
    }
  }
}
