package io.octopod.bridge.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A minimal meeting page for browser tests, served from 127.0.0.1 (a secure context, so
 * getUserMedia works): it sends audio and VP8 simulcast q/h/f from the fake camera, offers the
 * given receive slots, shows received video, and exposes what the tests read from getStats().
 */
final class MeetingPage implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DONE = "const done = arguments[arguments.length - 1];";

  private final HttpServer server;

  private MeetingPage(HttpServer server) {
    this.server = server;
  }

  static MeetingPage serve(int videoSlots, int audioSlots) throws IOException {
    String page =
        """
        <!doctype html><html><body><script>
        window.pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
        pc.ontrack = e => {
          if (e.track.kind !== 'video') return;
          const v = document.createElement('video');
          v.autoplay = true; v.muted = true; v.width = 320; v.height = 180;
          v.srcObject = new MediaStream([e.track]);
          document.body.appendChild(v);
        };
        window.makeOffer = async () => {
          const stream = await navigator.mediaDevices.getUserMedia(
              {audio: true, video: {width: 1280, height: 720}});
          window.localStream = stream;
          pc.addTransceiver(stream.getAudioTracks()[0], {direction: 'sendonly'});
          pc.addTransceiver(stream.getVideoTracks()[0], {direction: 'sendonly', sendEncodings: [
              {rid: 'q', scaleResolutionDownBy: 4}, {rid: 'h', scaleResolutionDownBy: 2},
              {rid: 'f', scaleResolutionDownBy: 1}]});
          for (let i = 0; i < VIDEO_SLOTS; i++) pc.addTransceiver('video', {direction: 'recvonly'});
          for (let i = 0; i < AUDIO_SLOTS; i++) pc.addTransceiver('audio', {direction: 'recvonly'});
          const offer = await pc.createOffer();
          await pc.setLocalDescription(offer);
          return pc.localDescription.sdp;
        };
        window.dtlsState = async () => {
          const report = await pc.getStats();
          let state = null;
          report.forEach(s => { if (s.type === 'transport') state = s.dtlsState; });
          return state;
        };
        window.inbound = async () => {
          const report = await pc.getStats();
          const out = {videoDecoding: 0, audioReceiving: 0};
          report.forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) out.videoDecoding++;
            if (s.type === 'inbound-rtp' && s.kind === 'audio' && s.packetsReceived > 0) out.audioReceiving++;
          });
          return JSON.stringify(out);
        };
        window.videoIn = async () => {
          const report = await pc.getStats();
          const out = [];
          report.forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0)
              out.push({ssrc: s.ssrc, frames: s.framesDecoded, height: s.frameHeight});
          });
          return JSON.stringify(out);
        };
        // The bridge channel, as the meeting page uses it: messages logged with their arrival time
        // (Date.now(), comparable across pages on one machine); E2E pings answered at once.
        window.channelLog = [];
        window.openChannel = (url, token) => new Promise((resolve, reject) => {
          const ws = new WebSocket(url + '?token=' + encodeURIComponent(token));
          window.channel = ws;
          ws.onmessage = e => {
            const m = JSON.parse(e.data);
            m.receivedAt = Date.now();
            channelLog.push(m);
            if (m.type === 'e2ePing') ws.send(JSON.stringify({type: 'e2ePong', to: m.from, id: m.id}));
          };
          ws.onopen = () => resolve('open');
          ws.onerror = () => reject('error');
        });
        // An E2E ping through the bridges; resolves with the round trip in ms, or 'timeout'.
        window.e2ePing = (to, id) => new Promise(resolve => {
          const start = performance.now();
          channel.send(JSON.stringify({type: 'e2ePing', to: to, id: id}));
          const check = () => {
            if (channelLog.some(m => m.type === 'e2ePong' && m.id === id)) {
              resolve(String(performance.now() - start));
            } else if (performance.now() - start > 5000) {
              resolve('timeout');
            } else {
              setTimeout(check, 2);
            }
          };
          check();
        });
        window.channelSend = text => channel.send(text);
        window.channelMessages = type => JSON.stringify(channelLog.filter(m => m.type === type));
        window.dominantSpeaker = () => {
          const d = channelLog.filter(m => m.type === 'dominantSpeaker');
          return JSON.stringify(d.length ? d[d.length - 1] : null);
        };
        window.setAudioMuted = muted => {
          localStream.getAudioTracks().forEach(t => t.enabled = !muted);
          return Date.now();
        };
        window.videoQuality = async () => {
          const report = await pc.getStats();
          const out = [];
          report.forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0)
              out.push({ssrc: s.ssrc, frames: s.framesDecoded, height: s.frameHeight,
                  nackCount: s.nackCount || 0, pliCount: s.pliCount || 0,
                  retransmitted: s.retransmittedPacketsReceived || 0,
                  freezeCount: s.freezeCount || 0, totalFreezesDuration: s.totalFreezesDuration || 0,
                  packetsLost: s.packetsLost || 0, packetsReceived: s.packetsReceived || 0});
          });
          return JSON.stringify(out);
        };
        </script></body></html>
        """
            .replace("VIDEO_SLOTS", Integer.toString(videoSlots))
            .replace("AUDIO_SLOTS", Integer.toString(audioSlots));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = page.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return new MeetingPage(server);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  static String offer(WebDriverSession browser) throws Exception {
    return browser.executeAsync(DONE + "makeOffer().then(done, e => done('ERROR ' + e));").asText();
  }

  /** Applies the answer; returns "ok" or the browser's error. */
  static String applyAnswer(WebDriverSession browser, String answer) throws Exception {
    return browser
        .executeAsync(
            DONE
                + "pc.setRemoteDescription({type: 'answer', sdp: arguments[0]}).then(() => done('ok'), e => done('ERROR ' + e));",
            answer)
        .asText();
  }

  static String dtlsState(WebDriverSession browser) throws Exception {
    return browser.executeAsync(DONE + "dtlsState().then(done);").asText();
  }

  static JsonNode inbound(WebDriverSession browser) throws Exception {
    return JSON.readTree(browser.executeAsync(DONE + "inbound().then(done);").asText());
  }

  static JsonNode videoIn(WebDriverSession browser) throws Exception {
    return JSON.readTree(browser.executeAsync(DONE + "videoIn().then(done);").asText());
  }

  /** Opens the page's bridge channel; returns "open" or the error. */
  static String openChannel(WebDriverSession browser, JsonNode bridgeChannel) throws Exception {
    return browser
        .executeAsync(
            DONE + "openChannel(arguments[0], arguments[1]).then(done, e => done('ERROR ' + e));",
            bridgeChannel.get("url").asText(),
            bridgeChannel.get("token").asText())
        .asText();
  }

  /** The last dominant-speaker message the page received (with its arrival time), or null. */
  static JsonNode dominantSpeaker(WebDriverSession browser) throws Exception {
    return JSON.readTree(browser.executeAsync(DONE + "done(dominantSpeaker());").asText());
  }

  /** An E2E ping to another participant through the bridges: the RTT in ms, or "timeout". */
  static String e2ePing(WebDriverSession browser, String to, int id) throws Exception {
    return browser
        .executeAsync(DONE + "e2ePing(arguments[0], arguments[1]).then(done);", to, id)
        .asText();
  }

  /** Sends a text message on the page's bridge channel. */
  static void channelSend(WebDriverSession browser, String text) throws Exception {
    browser.executeAsync(DONE + "channelSend(arguments[0]); done('sent');", text);
  }

  /** The bridge-channel messages of one type the page has received. */
  static JsonNode channelMessages(WebDriverSession browser, String type) throws Exception {
    return JSON.readTree(
        browser.executeAsync(DONE + "done(channelMessages(arguments[0]));", type).asText());
  }

  /** Mutes or unmutes the page's microphone; returns the page's Date.now() at that moment. */
  static long setAudioMuted(WebDriverSession browser, boolean muted) throws Exception {
    return browser.executeAsync(DONE + "done(setAudioMuted(arguments[0]));", muted).asLong();
  }

  /** Per decoding inbound video: frames, height, NACKs, retransmissions, freezes, losses. */
  static JsonNode videoQuality(WebDriverSession browser) throws Exception {
    return JSON.readTree(browser.executeAsync(DONE + "videoQuality().then(done);").asText());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
