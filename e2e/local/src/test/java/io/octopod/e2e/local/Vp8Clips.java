package io.octopod.e2e.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.octopod.bridge.browser.WebDriverSession;
import io.octopod.loadgen.Vp8Clip;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Real VP8 for simulated participants, made by Chromium's own encoder (WebCodecs, libvpx) in a page
 * of a secure origin: a moving block of noise on a plain background, so that a browser receiving it
 * decodes real frames at about a camera's bitrate. A page encodes once per test; the simulated
 * senders loop the frames.
 */
final class Vp8Clips {

  private static final String ENCODE =
      """
      const [width, height, count, keyEvery, bitrate, fps, done] = arguments;
      (async () => {
        try {
          const frames = [];
          const encoder = new VideoEncoder({
            output: chunk => {
              const bytes = new Uint8Array(chunk.byteLength);
              chunk.copyTo(bytes);
              let text = '';
              for (const b of bytes) text += String.fromCharCode(b);
              frames.push({key: chunk.type === 'key', data: btoa(text)});
            },
            error: e => done(JSON.stringify({error: String(e)}))});
          encoder.configure({codec: 'vp8', width, height, bitrate, framerate: fps,
              latencyMode: 'realtime'});
          const canvas = new OffscreenCanvas(width, height);
          const g = canvas.getContext('2d');
          // A moving block of fresh noise on a plain background: the noise costs the encoder bits
          // as a camera's picture does, so the layers come near their target rates.
          const block = g.createImageData((width / 6) | 0, (height / 3) | 0);
          for (let i = 0; i < count; i++) {
            g.fillStyle = '#234'; g.fillRect(0, 0, width, height);
            for (let k = 0; k < block.data.length; k++) block.data[k] = (Math.random() * 256) | 0;
            g.putImageData(block, (i * width / count) | 0, (height / 3) | 0);
            const frame = new VideoFrame(canvas, {timestamp: Math.round(i * 1e6 / fps)});
            encoder.encode(frame, {keyFrame: i % keyEvery === 0});
            frame.close();
          }
          await encoder.flush();
          done(JSON.stringify({frames}));
        } catch (e) {
          done(JSON.stringify({error: String(e)}));
        }
      })();
      """;

  private Vp8Clips() {}

  /**
   * Encodes {@code count} frames at {@code width}×{@code height}, a keyframe every {@code
   * keyEvery}, in {@code page} (which must be on a secure origin, as the meeting page is).
   */
  static Vp8Clip encode(
      WebDriverSession page,
      int width,
      int height,
      int count,
      int keyEvery,
      int bitrate,
      double framesPerSecond)
      throws IOException, InterruptedException {
    JsonNode result =
        MeetingPages.JSON.readTree(
            page.executeAsync(ENCODE, width, height, count, keyEvery, bitrate, framesPerSecond)
                .asText());
    if (result.has("error")) {
      throw new IOException("WebCodecs could not encode VP8: " + result.get("error").asText());
    }
    List<Vp8Clip.Frame> frames = new ArrayList<>();
    for (JsonNode f : result.path("frames")) {
      frames.add(
          new Vp8Clip.Frame(
              Base64.getDecoder().decode(f.path("data").asText()), f.path("key").asBoolean()));
    }
    return Vp8Clip.of(width, height, framesPerSecond, frames);
  }
}
