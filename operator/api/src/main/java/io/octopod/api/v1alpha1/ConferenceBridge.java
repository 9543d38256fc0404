package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A bridge the conference uses, and how many of its participants are there. */
public class ConferenceBridge {

  private String relayId;
  private String region;
  private String pool;
  private Integer participants;

  @JsonPropertyDescription(
      "The number this bridge puts in the relay-id field of Octo headers for this conference."
          + " Assigned once and kept, so that AES-GCM nonces stay unique under the conference key.")
  private Integer relayNumber;

  public String getRelayId() {
    return relayId;
  }

  public void setRelayId(String relayId) {
    this.relayId = relayId;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getPool() {
    return pool;
  }

  public void setPool(String pool) {
    this.pool = pool;
  }

  public Integer getParticipants() {
    return participants;
  }

  public void setParticipants(Integer participants) {
    this.participants = participants;
  }

  public Integer getRelayNumber() {
    return relayNumber;
  }

  public void setRelayNumber(Integer relayNumber) {
    this.relayNumber = relayNumber;
  }
}
