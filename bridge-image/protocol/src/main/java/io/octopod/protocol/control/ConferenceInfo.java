package io.octopod.protocol.control;

import java.util.List;
import java.util.Map;

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
 * @param octoRelayNumber this bridge's own relay number in the conference, or null without Octo
 * @param octoRelayNumbers the relay number this bridge was given for each peer, by relay id
 * @param octoPreviousKeyId the id of the key being rotated out, or null
 * @param octoKeyCheck a check value of the current key (never the key): the first 8 bytes of the
 *     SHA-256 of the key bytes, in lower-case hex; lets the operator see that a bridge holds the
 *     key it stored under that id, not another key with the same id; null without Octo
 */
public record ConferenceInfo(
    String conferenceId,
    String name,
    long octoConferenceId,
    List<EndpointInfo> endpoints,
    List<String> octoRelays,
    List<RemoteEndpoint> remoteEndpoints,
    Integer octoKeyId,
    Integer octoRelayNumber,
    Map<String, Integer> octoRelayNumbers,
    Integer octoPreviousKeyId,
    String octoKeyCheck) {

  public ConferenceInfo {
    octoRelayNumbers = octoRelayNumbers == null ? Map.of() : Map.copyOf(octoRelayNumbers);
  }

  /** Without the Octo details a bridge reports since the operator checks relay numbers. */
  public ConferenceInfo(
      String conferenceId,
      String name,
      long octoConferenceId,
      List<EndpointInfo> endpoints,
      List<String> octoRelays,
      List<RemoteEndpoint> remoteEndpoints,
      Integer octoKeyId) {
    this(
        conferenceId,
        name,
        octoConferenceId,
        endpoints,
        octoRelays,
        remoteEndpoints,
        octoKeyId,
        null,
        null,
        null,
        null);
  }
}
