package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

public class BridgeCapacity {

  @Default("200")
  @Min(1)
  @JsonPropertyDescription("Participants one bridge may carry, all conferences together.")
  private Integer maxParticipants;

  @Default("0.8")
  @Min(0.05)
  @Max(1.0)
  @JsonPropertyDescription("Stress at which a bridge counts as overloaded for selection.")
  private Double overloadStress;

  public Integer getMaxParticipants() {
    return maxParticipants;
  }

  public void setMaxParticipants(Integer maxParticipants) {
    this.maxParticipants = maxParticipants;
  }

  public Double getOverloadStress() {
    return overloadStress;
  }

  public void setOverloadStress(Double overloadStress) {
    this.overloadStress = overloadStress;
  }
}
