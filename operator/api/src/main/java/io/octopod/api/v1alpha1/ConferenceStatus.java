package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConferenceStatus {

  private Integer participants;

  private Integer bridgeCount;

  private String regionSummary;

  // Omitted when empty: the schema types it as an object, and a null would be refused.
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private Map<String, Integer> participantsByRegion = new TreeMap<>();

  private List<ConferenceBridge> bridges = new ArrayList<>();

  private List<OctoLink> octoLinks = new ArrayList<>();

  private String joinUrl;
  private Long octoConferenceId;
  private Integer octoKeyId;

  private Long observedGeneration;

  private List<Condition> conditions = new ArrayList<>();

  public Integer getParticipants() {
    return participants;
  }

  public void setParticipants(Integer participants) {
    this.participants = participants;
  }

  public Integer getBridgeCount() {
    return bridgeCount;
  }

  public void setBridgeCount(Integer bridgeCount) {
    this.bridgeCount = bridgeCount;
  }

  /** Regions in use, comma-separated, for the printer column. */
  public String getRegionSummary() {
    return regionSummary;
  }

  public void setRegionSummary(String regionSummary) {
    this.regionSummary = regionSummary;
  }

  public Map<String, Integer> getParticipantsByRegion() {
    return participantsByRegion == null ? new TreeMap<>() : participantsByRegion;
  }

  public void setParticipantsByRegion(Map<String, Integer> participantsByRegion) {
    this.participantsByRegion = participantsByRegion;
  }

  public List<ConferenceBridge> getBridges() {
    return bridges;
  }

  public void setBridges(List<ConferenceBridge> bridges) {
    this.bridges = bridges;
  }

  public List<OctoLink> getOctoLinks() {
    return octoLinks;
  }

  public void setOctoLinks(List<OctoLink> octoLinks) {
    this.octoLinks = octoLinks;
  }

  public String getJoinUrl() {
    return joinUrl;
  }

  public void setJoinUrl(String joinUrl) {
    this.joinUrl = joinUrl;
  }

  public Long getOctoConferenceId() {
    return octoConferenceId;
  }

  public void setOctoConferenceId(Long octoConferenceId) {
    this.octoConferenceId = octoConferenceId;
  }

  public Integer getOctoKeyId() {
    return octoKeyId;
  }

  public void setOctoKeyId(Integer octoKeyId) {
    this.octoKeyId = octoKeyId;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
