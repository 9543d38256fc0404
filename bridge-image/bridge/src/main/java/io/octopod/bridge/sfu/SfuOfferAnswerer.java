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
  private final long receiverMaxBitrate;
  private final boolean repairLoss;
  private final java.util.Map<String, ConferenceRouter> routers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile java.util.function.Function<Conference, OctoUplink> octo = c -> null;

  /** Connects every conference router, now and later, to its conference's Octo links. */
  public void octo(java.util.function.Function<Conference, OctoUplink> uplinks) {
    this.octo = uplinks;
  }

  /** The router of a conference with local participants, or null. */
  public ConferenceRouter router(String conferenceId) {
    return routers.get(conferenceId);
  }

  public SfuOfferAnswerer(
      MediaDemux demux,
      PacketSender sender,
      Executor handshakes,
      DtlsIdentity identity,
      String candidateHost,
      int candidatePort,
      long receiverMaxBitrate,
      boolean repairLoss) {
    this.repairLoss = repairLoss;
    this.demux = demux;
    this.sender = sender;
    this.handshakes = handshakes;
    this.identity = identity;
    this.candidateHost = candidateHost;
    this.candidatePort = candidatePort;
    this.receiverMaxBitrate = receiverMaxBitrate;
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
      ConferenceRouter router =
          routers.computeIfAbsent(
              conference.id(),
              id -> {
                ConferenceRouter created = new ConferenceRouter(repairLoss);
                created.onDominantSpeaker(conference::dominantSpeaker);
                created.octo(octo.apply(conference));
                return created;
              });
      ConferenceRouter.Participant[] participant = new ConferenceRouter.Participant[1];
      EndpointTransport transport =
          new EndpointTransport(
              endpoint.id(),
              agent,
              identity,
              answer.negotiated().remoteFingerprint(),
              sender,
              handshakes,
              listener(endpoint, router, participant),
              demux.counters());
      EndpointMedia media = new EndpointMedia(transport, answer.negotiated());
      endpoint.media(media);
      endpoint.constraints(endpoint.constraints().withMaxBitrate(receiverMaxBitrate));
      participant[0] = router.add(endpoint, media);
      endpoint.slotMappings(() -> ConferenceRouter.slots(participant[0]));
      endpoint.repairStats(participant[0]::repairStats);
      endpoint.bandwidthEstimate(participant[0]::estimatedBitrate);
      // Through the transport: an ICE restart gives it a new agent.
      endpoint.consentSource(() -> transport.ice().lastConsent());
      transport.signalledSsrcs(offer.ssrcs());
      demux.add(transport);
    } else {
      existing.transport().signalledSsrcs(offer.ssrcs());
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
    routers.values().forEach(r -> r.remove(endpoint));
    routers.values().removeIf(ConferenceRouter::isEmpty);
  }

  private static MediaListener listener(
      Endpoint endpoint, ConferenceRouter router, ConferenceRouter.Participant[] participant) {
    return new MediaListener() {
      @Override
      public void rtp(EndpointTransport from, byte[] buf, int off, int len) {
        endpoint.packetIn();
        router.onRtp(participant[0], buf, off, len);
      }

      @Override
      public void rtcp(EndpointTransport from, byte[] buf, int off, int len) {
        router.onRtcp(participant[0], buf, off, len);
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
