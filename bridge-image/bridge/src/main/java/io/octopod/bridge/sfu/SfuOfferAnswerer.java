package io.octopod.bridge.sfu;

import io.octopod.bridge.conference.Conference;
import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.control.OfferAnswerer;
import io.octopod.bridge.dtls.DtlsIdentity;
import io.octopod.bridge.ice.IceLiteAgent;
import io.octopod.bridge.net.PacketSender;
import io.octopod.bridge.transport.EndpointTransport;
import io.octopod.bridge.transport.MediaDemux;
import io.octopod.bridge.transport.MediaListener;
import io.octopod.protocol.control.ControlApiException;
import io.octopod.protocol.sdp.SdpParseException;
import io.octopod.protocol.sdp.SessionDescription;
import java.security.SecureRandom;
import java.util.concurrent.Executor;

/**
 * Answers an endpoint's offer: parses it (a bad line is a 400 that names it), builds the answer,
 * and gives the endpoint its transport on the shared media port. An ICE restart gives the endpoint
 * new credentials and keeps its DTLS and SRTP.
 */
public final class SfuOfferAnswerer implements OfferAnswerer {

  /** An endpoint's media: its transport and what its offer negotiated. */
  public record EndpointMedia(EndpointTransport transport, AnswerBuilder.Negotiated negotiated) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final MediaDemux demux;
  private final PacketSender sender;
  private final Executor handshakes;
  private final DtlsIdentity identity;
  private final String candidateHost;
  private final int candidatePort;

  public SfuOfferAnswerer(
      MediaDemux demux,
      PacketSender sender,
      Executor handshakes,
      DtlsIdentity identity,
      String candidateHost,
      int candidatePort) {
    this.demux = demux;
    this.sender = sender;
    this.handshakes = handshakes;
    this.identity = identity;
    this.candidateHost = candidateHost;
    this.candidatePort = candidatePort;
  }

  @Override
  public String answer(
      Conference conference, Endpoint endpoint, String offerText, boolean iceRestart) {
    EndpointMedia existing = (EndpointMedia) endpoint.media();
    if (offerText == null) {
      if (existing == null) {
        throw ControlApiException.badRequest(
            "an ICE restart needs the endpoint's first offer to have been answered");
      }
      throw ControlApiException.badRequest("an ICE restart comes with the browser's new offer");
    }
    SessionDescription offer;
    try {
      offer = SessionDescription.parse(offerText);
    } catch (SdpParseException e) {
      throw new ControlApiException(400, e.getMessage(), e.lineNumber());
    }
    IceLiteAgent agent;
    if (existing == null) {
      agent = new IceLiteAgent(System::nanoTime);
    } else if (iceRestart) {
      agent = demux.restartIce(existing.transport());
    } else {
      agent = existing.transport().ice();
    }
    AnswerBuilder.Answer answer =
        AnswerBuilder.answer(
            offer,
            new AnswerBuilder.Local(
                agent.localUfrag(),
                agent.localPwd(),
                identity.fingerprint(),
                candidateHost,
                candidatePort,
                RANDOM.nextLong() & Long.MAX_VALUE),
            () -> RANDOM.nextInt() & 0xffff_ffffL);
    if (existing == null) {
      EndpointTransport transport =
          new EndpointTransport(
              endpoint.id(),
              agent,
              identity,
              answer.negotiated().remoteFingerprint(),
              sender,
              handshakes,
              listener(endpoint),
              demux.counters());
      endpoint.media(new EndpointMedia(transport, answer.negotiated()));
      demux.add(transport);
    } else {
      endpoint.media(new EndpointMedia(existing.transport(), answer.negotiated()));
    }
    return answer.sdp();
  }

  /** Removes a departed endpoint's transport from the media port. */
  public void released(Endpoint endpoint) {
    EndpointMedia media = (EndpointMedia) endpoint.media();
    if (media != null) {
      demux.remove(media.transport());
    }
  }

  private static MediaListener listener(Endpoint endpoint) {
    return new MediaListener() {
      @Override
      public void rtp(EndpointTransport from, byte[] buf, int off, int len) {
        endpoint.packetIn();
      }

      @Override
      public void connected(EndpointTransport transport) {
        endpoint.state(Endpoint.State.CONNECTED);
      }

      @Override
      public void failed(EndpointTransport transport, String reason) {
        endpoint.state(Endpoint.State.FAILED);
      }
    };
  }
}
