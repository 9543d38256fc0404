package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.preferredRegions) || !has(self.allowedRegions)"
            + " || self.preferredRegions.all(r, r in self.allowedRegions)",
    message = "every preferred region must also be an allowed region")
@ValidationRule(
    value = "!(has(self.cascading) && !self.cascading && self.selectionStrategy == 'Split')",
    message = "selectionStrategy Split needs cascading")
public class ConferenceSpec {

  @Default("true")
  @JsonPropertyDescription(
      "Whether the conference may span several bridges joined by Octo. When false, everyone"
          + " shares one bridge.")
  private Boolean cascading;

  @Size(max = 32)
  @JsonPropertyDescription("Regions whose bridges may serve this conference; empty means any.")
  private List<String> allowedRegions;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Regions to prefer, in order, for participants whose own region has no usable bridge.")
  private List<String> preferredRegions;

  @Default("RegionBased")
  @JsonPropertyDescription("RegionBased, IntraRegion, Single or Split.")
  private SelectionStrategy selectionStrategy;

  @Min(1)
  @Max(10000)
  @JsonPropertyDescription("Most participants at once; joins beyond it are refused (room full).")
  private Integer maxParticipants;

  @Min(0)
  @JsonPropertyDescription("Most participants of this conference on one bridge; 0 means no limit.")
  private Integer maxParticipantsPerBridge;

  @JsonPropertyDescription("Who may join.")
  private ConferenceAccess access;

  @Default("false")
  @JsonPropertyDescription(
      "Maintenance switch: no new joins, and participants present are removed with a reason.")
  private Boolean suspend;

  @Default("24h")
  @Pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
  @JsonPropertyDescription("How often the conference's Octo key is rotated.")
  private String octoKeyRotation;

  public Boolean getCascading() {
    return cascading;
  }

  public void setCascading(Boolean cascading) {
    this.cascading = cascading;
  }

  public List<String> getAllowedRegions() {
    return allowedRegions;
  }

  public void setAllowedRegions(List<String> allowedRegions) {
    this.allowedRegions = allowedRegions;
  }

  public List<String> getPreferredRegions() {
    return preferredRegions;
  }

  public void setPreferredRegions(List<String> preferredRegions) {
    this.preferredRegions = preferredRegions;
  }

  public SelectionStrategy getSelectionStrategy() {
    return selectionStrategy;
  }

  public void setSelectionStrategy(SelectionStrategy selectionStrategy) {
    this.selectionStrategy = selectionStrategy;
  }

  public Integer getMaxParticipants() {
    return maxParticipants;
  }

  public void setMaxParticipants(Integer maxParticipants) {
    this.maxParticipants = maxParticipants;
  }

  public Integer getMaxParticipantsPerBridge() {
    return maxParticipantsPerBridge;
  }

  public void setMaxParticipantsPerBridge(Integer maxParticipantsPerBridge) {
    this.maxParticipantsPerBridge = maxParticipantsPerBridge;
  }

  public ConferenceAccess getAccess() {
    return access;
  }

  public void setAccess(ConferenceAccess access) {
    this.access = access;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public String getOctoKeyRotation() {
    return octoKeyRotation;
  }

  public void setOctoKeyRotation(String octoKeyRotation) {
    this.octoKeyRotation = octoKeyRotation;
  }
}
