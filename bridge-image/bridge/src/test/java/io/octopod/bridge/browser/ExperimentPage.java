package io.octopod.bridge.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What the cascade-versus-star experiment adds to the {@link MeetingPage} once it has loaded: a
 * lighter camera, the getStats() fields the experiment reads per received video, and a bounded E2E
 * ping loop timed with performance.now() on the page itself.
 */
final class ExperimentPage {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DONE = "const done = arguments[arguments.length - 1];";

  /**
   * Four publishing browsers at 720p simulcast would saturate the 2-core machine (CHROMIUM.md: 2–3
   * publishers beside a bridge), and a saturated machine freezes video by itself. Halving every
   * encoding's size (360p, 180p and 90p from the 720p camera) keeps the page's three-layer offer
   * and cuts the encoders' work about fourfold.
   */
  private static final String SCRIPT =
      """
      const addTransceiver = pc.addTransceiver.bind(pc);
      pc.addTransceiver = (track, init) => addTransceiver(track, init && init.sendEncodings
          ? Object.assign({}, init, {sendEncodings: init.sendEncodings.map(e =>
              Object.assign({}, e, {scaleResolutionDownBy: 2 * e.scaleResolutionDownBy}))})
          : init);
      window.experiment = {sent: {}, rtts: {}, nextId: 1, listening: false};
      window.experimentVideo = async () => {
        const report = await pc.getStats();
        const out = [];
        report.forEach(s => {
          if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
          out.push({ssrc: s.ssrc, framesDecoded: s.framesDecoded || 0,
              jitterBufferDelay: s.jitterBufferDelay || 0,
              jitterBufferEmittedCount: s.jitterBufferEmittedCount || 0,
              freezeCount: s.freezeCount || 0, totalFreezesDuration: s.totalFreezesDuration || 0,
              nackCount: s.nackCount || 0, pliCount: s.pliCount || 0,
              retransmittedPacketsReceived: s.retransmittedPacketsReceived || 0,
              packetsLost: s.packetsLost || 0, packetsReceived: s.packetsReceived || 0,
              frameHeight: s.frameHeight || 0});
        });
        return JSON.stringify(out);
      };
      // What this page sends per layer, and whether its encoder was held back (cpu, bandwidth).
      window.experimentSent = async () => {
        const report = await pc.getStats();
        const out = [];
        report.forEach(s => {
          if (s.type !== 'outbound-rtp' || s.kind !== 'video') return;
          out.push({rid: s.rid, frameHeight: s.frameHeight || 0, framesEncoded: s.framesEncoded || 0,
              qualityLimitationReason: s.qualityLimitationReason,
              qualityLimitationDurations: s.qualityLimitationDurations,
              nackCount: s.nackCount || 0, retransmittedPacketsSent: s.retransmittedPacketsSent || 0});
        });
        return JSON.stringify(out);
      };
      // Pings every target once per interval, count times; pongs are timed as they arrive.
      window.experimentPings = (targets, count, intervalMs) => {
        if (!experiment.listening) {
          experiment.listening = true;
          channel.addEventListener('message', e => {
            const m = JSON.parse(e.data);
            const s = experiment.sent[m.id];
            if (m.type === 'e2ePong' && s && experiment.rtts[m.id] === undefined) {
              experiment.rtts[m.id] = performance.now() - s.at;
            }
          });
        }
        let round = 0;
        const timer = setInterval(() => {
          if (round++ >= count) { clearInterval(timer); return; }
          for (const to of targets) {
            const id = experiment.nextId++;
            experiment.sent[id] = {to: to, at: performance.now()};
            channel.send(JSON.stringify({type: 'e2ePing', to: to, id: id}));
          }
        }, intervalMs);
        return 'started';
      };
      window.experimentPingResults = () => JSON.stringify(Object.entries(experiment.sent).map(
          ([id, s]) => ({to: s.to, rtt: experiment.rtts[id] === undefined ? null : experiment.rtts[id]})));
      return navigator.userAgent;
      """;

  private ExperimentPage() {}

  /** Adds the experiment's functions to a loaded meeting page; returns the browser's user agent. */
  static String install(WebDriverSession page) throws Exception {
    return page.executeAsync(DONE + "done((() => {" + SCRIPT + "})());").asText();
  }

  /** Per received video stream: the cumulative getStats() counters the experiment uses. */
  static JsonNode video(WebDriverSession page) throws Exception {
    return JSON.readTree(page.executeAsync(DONE + "experimentVideo().then(done);").asText());
  }

  /** Per sent video layer: size, frames, quality limitation, NACKs received and resends. */
  static JsonNode sent(WebDriverSession page) throws Exception {
    return JSON.readTree(page.executeAsync(DONE + "experimentSent().then(done);").asText());
  }

  /**
   * Starts pinging each target {@code count} times, every {@code intervalMillis}; returns at once.
   */
  static void startPings(WebDriverSession page, List<String> targets, int count, int intervalMillis)
      throws Exception {
    page.executeAsync(
        DONE + "done(experimentPings(arguments[0], arguments[1], arguments[2]));",
        targets,
        count,
        intervalMillis);
  }

  /** Every ping sent so far: {to, rtt} with rtt null while (or if) unanswered. */
  static JsonNode pingResults(WebDriverSession page) throws Exception {
    return JSON.readTree(page.executeAsync(DONE + "done(experimentPingResults());").asText());
  }
}
