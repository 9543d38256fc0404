package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value = "self.minReplicas <= self.maxReplicas",
    message = "autoscaling.minReplicas must not exceed autoscaling.maxReplicas")
public class Autoscaling {

  @Required
  @Min(0)
  @JsonPropertyDescription("Fewest bridges, even when idle.")
  private Integer minReplicas;

  @Required
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Most bridges.")
  private Integer maxReplicas;

  @Default("0.6")
  @Min(0.05)
  @Max(1.0)
  @JsonPropertyDescription("Mean stress the pool is scaled to hold (0..1).")
  private Double targetStress;

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  public Double getTargetStress() {
    return targetStress;
  }

  public void setTargetStress(Double targetStress) {
    this.targetStress = targetStress;
  }
}
