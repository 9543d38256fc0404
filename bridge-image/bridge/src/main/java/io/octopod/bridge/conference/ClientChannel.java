package io.octopod.bridge.conference;

/** The open bridge channel of one endpoint: a way to push a JSON message to its client. */
public interface ClientChannel {

  /** Queues a text message; never blocks the caller (a media thread, often). */
  void send(String json);

  /** Closes the socket, for example when the endpoint expires. */
  void close();
}
