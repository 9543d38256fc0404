package io.octopod.bridge.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.octopod.bridge.conference.Conference;
import io.octopod.bridge.conference.Conference.RemoteOutcome;
import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.conference.ReceiverConstraints;
import io.octopod.protocol.channel.ChannelError;
import io.octopod.protocol.channel.ChannelTypes;
import io.octopod.protocol.channel.E2ePing;
import io.octopod.protocol.channel.EndpointMessage;
import io.octopod.protocol.channel.Heartbeat;
import io.octopod.protocol.channel.ReceiverConstraintsMessage;

/**
 * What the bridge does with a message from a client's bridge channel: receiver constraints change
 * what it forwards; endpoint messages and end-to-end pings go to the named participant (or to all
 * others); a heartbeat {@code ping} is answered with a {@code pong}. A message that is not JSON,
 * has no known type, or lacks a field gets an {@code error} reply; the socket stays open. No Netty
 * here: the server hands text in and replies out.
 */
public final class ClientMessages {

  /** The error a sender gets for a message too large to cross to other bridges. */
  static final String TOO_LARGE =
      "message too large for participants on other bridges (the limit is 60,000 bytes)";

  /** The error a client gets when it sends past its budget (once, until the budget refills). */
  static final String RATE_LIMITED =
      "too many messages: the bridge drops them until you send at most "
          + io.octopod.bridge.conference.MessageBudget.DEFAULT_PER_SECOND
          + " a second";

  /** Longest message accepted; chat and pings are small. */
  public static final int MAX_MESSAGE_CHARS = 64 * 1024;

  static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private ClientMessages() {}

  /** Writes a message record as JSON. */
  public static String write(Object message) {
    try {
      return JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("can't write " + message, e);
    }
  }

  /**
   * Handles one text message from {@code from}'s client.
   *
   * @return the reply to send back (an error), or null when there is none
   */
  public static String handle(Conference conference, Endpoint from, String text) {
    if (text.length() > MAX_MESSAGE_CHARS) {
      return error("message longer than " + MAX_MESSAGE_CHARS + " characters");
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return error("not JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      return error("a message is a JSON object with a \"type\"");
    }
    String type = tree.path("type").asText("");
    try {
      return switch (type) {
        case ChannelTypes.RECEIVER_CONSTRAINTS ->
            constraints(from, JSON.treeToValue(tree, ReceiverConstraintsMessage.class));
        case ChannelTypes.ENDPOINT_MESSAGE ->
            endpointMessage(conference, from, JSON.treeToValue(tree, EndpointMessage.class));
        case ChannelTypes.E2E_PING, ChannelTypes.E2E_PONG ->
            e2e(conference, from, JSON.treeToValue(tree, E2ePing.class));
        case ChannelTypes.PING -> write(JSON.treeToValue(tree, Heartbeat.class).pong());
        case "" -> error("a message needs a \"type\"");
        default -> error("unknown message type \"" + type + "\"");
      };
    } catch (JsonProcessingException e) {
      return error("bad " + type + ": " + e.getOriginalMessage());
    }
  }

  private static String constraints(Endpoint from, ReceiverConstraintsMessage m) {
    String invalid = m.invalidReason();
    if (invalid != null) {
      return error(invalid);
    }
    ReceiverConstraints c = from.constraints();
    if (m.lastN() != null) {
      c = c.withLastN(m.lastN());
    }
    if (m.maxHeight() != null) {
      c = c.withMaxHeight(m.maxHeight());
    }
    if (m.onStage() != null) {
      c = c.withOnStage(m.onStage().isEmpty() ? null : m.onStage());
    }
    from.constraints(c);
    return null;
  }

  private static String endpointMessage(Conference conference, Endpoint from, EndpointMessage m) {
    String relayed = write(m.withFrom(from.id()));
    if (m.to() == null || m.to().isEmpty()) {
      for (Endpoint other : conference.endpoints()) {
        if (other != from) {
          other.sendToClient(relayed);
        }
      }
      if (conference.deliverRemotely(null, relayed) == RemoteOutcome.TOO_LARGE) {
        return error(TOO_LARGE);
      }
      return null;
    }
    return sendTo(conference, m.to(), relayed);
  }

  private static String e2e(Conference conference, Endpoint from, E2ePing m) {
    if (m.to() == null || m.to().isEmpty()) {
      return error(m.type() + " needs \"to\"");
    }
    return sendTo(conference, m.to(), write(m.withFrom(from.id())));
  }

  /** To a participant on this bridge, or through Octo to one on another bridge. */
  private static String sendTo(Conference conference, String to, String json) {
    Endpoint local = conference.endpoint(to);
    if (local != null) {
      local.sendToClient(json);
      return null;
    }
    return switch (conference.deliverRemotely(to, json)) {
      case SENT -> null;
      case TOO_LARGE -> error(TOO_LARGE);
      case NOT_FOUND -> error("no participant \"" + to + "\" in this conference");
    };
  }

  static String error(String reason) {
    return write(ChannelError.of(reason));
  }
}
