package io.octopod.protocol.control;

import java.util.List;

/**
 * A conference as one bridge sees it.
 *
 * @param conferenceId the id in the API path
 * @param name the human-readable name
 * @param octoConferenceId the numeric id used in Octo headers
 * @param endpoints the participants on this bridge
 * @param octoRelays the relay ids of the peers this bridge has been given
 * @param remoteEndpoints the participants on those peers
 * @param octoKeyId the current Octo key id, or null without Octo
 */
public record ConferenceInfo(
    String conferenceId,
    String name,
    long octoConferenceId,
    List<EndpointInfo> endpoints,
    List<String> octoRelays,
    List<RemoteEndpoint> remoteEndpoints,
    Integer octoKeyId) {}
