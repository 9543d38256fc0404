package io.octopod.bridge.sfu;

import io.octopod.bridge.ice.IceLiteAgent;
import io.octopod.bridge.srtp.SrtpProfile;
import io.octopod.bridge.srtp.SrtpSession;
import io.octopod.bridge.transport.EndpointTransport;
import io.octopod.bridge.transport.MediaListener;
import io.octopod.bridge.transport.TransportCounters;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Endpoints for router tests: transports already keyed (AEAD_AES_128_GCM, the same key both ways,
 * no handshake), whose sent datagrams land in a list the test decrypts with {@link #session}.
 */
final class PreKeyedEndpoints {

  private PreKeyedEndpoints() {}

  static SfuOfferAnswerer.EndpointMedia media(
      String id, byte[] key, List<byte[]> sink, AnswerBuilder.Negotiated negotiated) {
    EndpointTransport transport =
        new EndpointTransport(
            id,
            new IceLiteAgent(System::nanoTime),
            null,
            "AA",
            (b, o, l, to) -> sink.add(Arrays.copyOfRange(b, o, o + l)),
            Runnable::run,
            new MediaListener() {
              @Override
              public void rtp(EndpointTransport from, byte[] buf, int off, int len) {}
            },
            new TransportCounters());
    transport.useSession(session(key), new InetSocketAddress("127.0.0.1", 9));
    return new SfuOfferAnswerer.EndpointMedia(transport, negotiated);
  }

  /** Adds a pre-keyed endpoint to a router: what it is sent lands in {@code sink}. */
  static ConferenceRouter.Participant join(
      ConferenceRouter router,
      String id,
      byte[] key,
      List<byte[]> sink,
      AnswerBuilder.Negotiated negotiated) {
    return router.add(
        new io.octopod.bridge.conference.Endpoint(id, "local", "t"),
        media(id, key, sink, negotiated));
  }

  /** A session that decrypts what the endpoint with this key was sent. */
  static SrtpSession session(byte[] key) {
    return new SrtpSession(SrtpProfile.AEAD_AES_128_GCM, key, new byte[12], key, new byte[12]);
  }

  static byte[] key(int fill) {
    byte[] key = new byte[16];
    Arrays.fill(key, (byte) fill);
    return key;
  }
}
