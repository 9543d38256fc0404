package io.octopod.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.octopod.protocol.control.EndpointAllocation;
import org.junit.jupiter.api.Test;

class AdvertisedAllocationTest {

  private static final String ANSWER =
      String.join(
          "\r\n",
          "v=0",
          "o=- 1 2 IN IP4 0.0.0.0",
          "m=audio 9 UDP/TLS/RTP/SAVPF 111",
          "c=IN IP4 0.0.0.0",
          "a=candidate:1 1 udp 2130706431 10.1.2.3 10000 typ host",
          "a=end-of-candidates",
          "a=ice-ufrag:abcd",
          "m=video 9 UDP/TLS/RTP/SAVPF 96",
          "a=candidate:1 1 udp 2130706431 10.1.2.3 10000 typ host",
          "a=candidate:2 1 udp 1694498815 198.51.100.7 10000 typ srflx raddr 10.1.2.3 rport 10000",
          "");

  private static final EndpointAllocation ALLOCATION =
      new EndpointAllocation(
          "ep1",
          ANSWER,
          new EndpointAllocation.BridgeChannel("ws://10.1.2.3:8443/bridge-channel", "secret"));

  @Test
  void hostCandidatesAndTheChannelHostBecomeTheAdvertisedAddress() {
    EndpointAllocation out = AdvertisedAllocation.rewrite(ALLOCATION, "203.0.113.9:31000");
    String expected =
        ANSWER
            .replace("10.1.2.3 10000 typ host\r\na=end", "203.0.113.9 31000 typ host\r\na=end")
            .replace(
                "a=candidate:1 1 udp 2130706431 10.1.2.3 10000 typ host\r\na=candidate:2",
                "a=candidate:1 1 udp 2130706431 203.0.113.9 31000 typ host\r\na=candidate:2");
    assertEquals(expected, out.answer());
    assertEquals("ws://203.0.113.9:8443/bridge-channel", out.bridgeChannel().url());
    assertEquals("secret", out.bridgeChannel().token());
    assertEquals("ep1", out.endpointId());
  }

  @Test
  void withoutAnAdvertisedAddressTheAllocationIsKept() {
    assertSame(ALLOCATION, AdvertisedAllocation.rewrite(ALLOCATION, null));
  }

  @Test
  void aTruncatedCandidateLineIsLeftAlone() {
    assertEquals(
        "a=candidate:1 1 udp\r\nx",
        AdvertisedAllocation.answer("a=candidate:1 1 udp\r\nx", "h", "1"));
  }
}
