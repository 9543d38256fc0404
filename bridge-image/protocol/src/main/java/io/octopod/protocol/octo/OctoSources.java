package io.octopod.protocol.octo;

import java.util.List;
import java.util.Map;

/**
 * An Octo message (kind 3) a bridge sends each peer of a conference every half second: the
 * participants it hosts and how to read their media. The receiving bridge makes them eligible for
 * its receivers' slots; a participant missing from the list, or a bridge silent for three seconds,
 * is removed. Sources travel with the media rather than through the operator because they are only
 * known once a browser sends, and a round trip through the control plane would delay every join.
 *
 * @param type always {@value #TYPE}
 * @param endpoints the sending bridge's participants with media
 */
public record OctoSources(String type, List<Source> endpoints) {

  public static final String TYPE = "sources";

  public OctoSources {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }

  public static OctoSources of(List<Source> endpoints) {
    return new OctoSources(TYPE, endpoints);
  }

  /**
   * One participant, as its own bridge negotiated it with the browser: the payload types and
   * header-extension ids its packets carry, and its simulcast rids from lowest to highest.
   *
   * @param endpointId the participant's id (unique in the conference)
   * @param number the Source Endpoint ID its packets carry in the Octo header
   * @param region the region of the bridge it is on
   */
  public record Source(
      String endpointId,
      long number,
      String region,
      int opusPayloadType,
      int vp8PayloadType,
      int rtxPayloadType,
      Map<String, Integer> extensionIds,
      List<String> rids) {

    public Source {
      extensionIds = extensionIds == null ? Map.of() : Map.copyOf(extensionIds);
      rids = rids == null ? List.of() : List.copyOf(rids);
    }

    /** Why this can't be used, or null when it can. */
    public String invalidReason() {
      if (endpointId == null || endpointId.isEmpty() || endpointId.length() > 256) {
        return "source without a valid endpointId";
      }
      if (number < 1 || number > 0xffff_ffffL) {
        return "source " + endpointId + " has number " + number;
      }
      return null;
    }
  }
}
