package io.octopod.bridge.conference;

import io.octopod.protocol.control.EndpointInfo;
import java.util.function.LongSupplier;

/**
 * A participant on this bridge. Today it holds what the control API knows (id, region, the bridge
 * channel token); the transport and forwarding state attach here as they land.
 */
public final class Endpoint {

  /** Lifecycle as reported in stats. */
  public enum State {
    /** Allocated by the focus, no offer yet. */
    RESERVED("reserved"),
    /** Offer answered, waiting for ICE and DTLS. */
    CONNECTING("connecting"),
    /** Media flows. */
    CONNECTED("connected"),
    /** The transport failed or consent expired. */
    FAILED("failed");

    private final String wireName;

    State(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  private final String id;
  private final String region;
  private final String channelToken;
  private volatile State state = State.RESERVED;

  /** When the endpoint was allocated, and when it entered its current state (System.nanoTime). */
  private final long allocatedAt = System.nanoTime();

  private volatile long stateSince = allocatedAt;

  /**
   * When its client last proved consent (RFC 7675), as its ICE agent saw it; none until answered.
   */
  private volatile LongSupplier lastConsent = () -> Long.MIN_VALUE;

  private volatile String displayName;

  /** What its client may send on the bridge channel (used by the channel's event loop only). */
  private final MessageBudget channelMessages =
      new MessageBudget(MessageBudget.DEFAULT_PER_SECOND, MessageBudget.DEFAULT_BURST, allocatedAt);

  private final java.util.concurrent.atomic.LongAdder packetsIn =
      new java.util.concurrent.atomic.LongAdder();
  private volatile Object media;
  private volatile java.util.function.Supplier<
          java.util.List<io.octopod.protocol.control.SlotMapping>>
      slots;

  /** Where the endpoint's slot mapping comes from (the SFU's router). */
  public void slotMappings(
      java.util.function.Supplier<java.util.List<io.octopod.protocol.control.SlotMapping>> source) {
    this.slots = source;
  }

  private volatile java.util.function.Supplier<io.octopod.protocol.control.RepairStats> repair;

  private volatile java.util.function.LongSupplier estimate;

  /** Where the bridge's bandwidth estimate toward this endpoint comes from (-1: none). */
  public void bandwidthEstimate(java.util.function.LongSupplier source) {
    this.estimate = source;
  }

  /** Where the endpoint's loss-repair figures come from (the SFU's router). */
  public void repairStats(
      java.util.function.Supplier<io.octopod.protocol.control.RepairStats> source) {
    this.repair = source;
  }

  private volatile ClientChannel channel;

  /**
   * The client's bridge channel, once it connected; replaces (and closes) an earlier one, as a
   * reconnecting page opens a new socket.
   */
  public void channel(ClientChannel opened) {
    ClientChannel previous = this.channel;
    this.channel = opened;
    if (previous != null && previous != opened) {
      previous.close();
    }
  }

  /** Forgets the channel if it is still this one (a socket that closed). */
  public void channelClosed(ClientChannel closed) {
    if (this.channel == closed) {
      this.channel = null;
    }
  }

  /** Sends a message to the client if its bridge channel is open; drops it otherwise. */
  public boolean sendToClient(String json) {
    ClientChannel open = channel;
    if (open == null) {
      return false;
    }
    open.send(json);
    return true;
  }

  /** Whether the client's bridge channel is open. */
  public boolean channelOpen() {
    return channel != null;
  }

  /** The budget of bridge-channel messages its client may send, across reconnects. */
  public MessageBudget channelMessages() {
    return channelMessages;
  }

  public Endpoint(String id, String region, String channelToken) {
    this.id = id;
    this.region = region;
    this.channelToken = channelToken;
  }

  public String id() {
    return id;
  }

  public String region() {
    return region;
  }

  /** The secret the client presents on its bridge channel. */
  public String channelToken() {
    return channelToken;
  }

  /** The name people see, as the focus gave it at allocation; null when it gave none. */
  public String displayName() {
    return displayName;
  }

  public void displayName(String displayName) {
    this.displayName = displayName;
  }

  public State state() {
    return state;
  }

  public void state(State state) {
    if (this.state != state) {
      this.stateSince = System.nanoTime();
      this.state = state;
    }
  }

  /** When the focus allocated it (System.nanoTime): an endpoint must connect within its timeout. */
  public long allocatedAt() {
    return allocatedAt;
  }

  /** When it entered its current state (System.nanoTime). */
  public long stateSince() {
    return stateSince;
  }

  /** Where the time of the client's last consent check comes from (its transport's ICE agent). */
  public void consentSource(LongSupplier source) {
    this.lastConsent = source;
  }

  /** When the client last sent a consent check (System.nanoTime), or Long.MIN_VALUE for never. */
  public long lastConsent() {
    return lastConsent.getAsLong();
  }

  public EndpointInfo info() {
    java.util.function.Supplier<java.util.List<io.octopod.protocol.control.SlotMapping>> source =
        slots;
    return new EndpointInfo(
        id,
        region,
        state.wireName(),
        packetsIn.sum(),
        source == null ? java.util.List.of() : source.get(),
        repair == null ? null : repair.get(),
        estimate == null || estimate.getAsLong() < 0 ? null : estimate.getAsLong(),
        displayName);
  }

  private volatile ReceiverConstraints constraints = ReceiverConstraints.DEFAULT;

  /** What this endpoint wants to receive. */
  public ReceiverConstraints constraints() {
    return constraints;
  }

  public void constraints(ReceiverConstraints constraints) {
    this.constraints = constraints;
  }

  /** Counts an RTP packet received from this endpoint. */
  public void packetIn() {
    packetsIn.increment();
  }

  /** The endpoint's media state (its transport and what was negotiated), owned by the SFU. */
  public Object media() {
    return media;
  }

  public void media(Object media) {
    this.media = media;
  }
}
