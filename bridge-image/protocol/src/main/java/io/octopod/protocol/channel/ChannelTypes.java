package io.octopod.protocol.channel;

/** The {@code type} of each bridge-channel message. */
public final class ChannelTypes {

  /** Bridge → client, first on a new socket: who and where the client is connected. */
  public static final String HELLO = "hello";

  /** Bridge → client: the conference's dominant speaker changed. */
  public static final String DOMINANT_SPEAKER = "dominantSpeaker";

  /** Bridge → client: what each of the client's receive slots carries. */
  public static final String SLOTS = "slots";

  /** Client → bridge: what the client wants to receive. */
  public static final String RECEIVER_CONSTRAINTS = "receiverConstraints";

  /** Both ways: an application message from one participant to one other, or to all. */
  public static final String ENDPOINT_MESSAGE = "endpointMessage";

  /** Both ways: an end-to-end RTT probe to another participant, and its answer. */
  public static final String E2E_PING = "e2ePing";

  public static final String E2E_PONG = "e2ePong";

  /**
   * Client → bridge: a heartbeat, answered at once with a {@link #PONG} of the same id, so that a
   * page notices a bridge that stopped (frozen, or its node gone) without waiting for TCP to say
   * so.
   */
  public static final String PING = "ping";

  /** Bridge → client: the answer to a {@link #PING}. */
  public static final String PONG = "pong";

  /** Bridge → client: a message was not understood; the socket stays open. */
  public static final String ERROR = "error";

  private ChannelTypes() {}
}
