package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One bridge of a pool, as the operator last saw it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BridgeStatus {

  /** Ready, Draining, NotReady or Unhealthy. */
  private String state;

  private String pod;
  private String relayId;
  private String mediaAddress;
  private String octoAddress;
  private String controlAddress;
  private String publicAddress;
  private Double stress;
  private Integer participants;
  private Integer conferences;

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public String getRelayId() {
    return relayId;
  }

  public void setRelayId(String relayId) {
    this.relayId = relayId;
  }

  public String getMediaAddress() {
    return mediaAddress;
  }

  public void setMediaAddress(String mediaAddress) {
    this.mediaAddress = mediaAddress;
  }

  public String getOctoAddress() {
    return octoAddress;
  }

  public void setOctoAddress(String octoAddress) {
    this.octoAddress = octoAddress;
  }

  public String getControlAddress() {
    return controlAddress;
  }

  public void setControlAddress(String controlAddress) {
    this.controlAddress = controlAddress;
  }

  public String getPublicAddress() {
    return publicAddress;
  }

  public void setPublicAddress(String publicAddress) {
    this.publicAddress = publicAddress;
  }

  public Double getStress() {
    return stress;
  }

  public void setStress(Double stress) {
    this.stress = stress;
  }

  public Integer getParticipants() {
    return participants;
  }

  public void setParticipants(Integer participants) {
    this.participants = participants;
  }

  public Integer getConferences() {
    return conferences;
  }

  public void setConferences(Integer conferences) {
    this.conferences = conferences;
  }
}
