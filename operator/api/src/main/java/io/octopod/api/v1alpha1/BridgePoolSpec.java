package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.replicas) && has(self.autoscaling))",
    message = "set either replicas or autoscaling, not both")
public class BridgePoolSpec {

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Region the bridges serve, matched against node labels (topology.kubernetes.io/region by"
          + " default) and against participants' regions.")
  private String region;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Fixed number of bridges. Leave unset when autoscaling is set.")
  private Integer replicas;

  @JsonPropertyDescription("Scale on the pool's mean stress instead of a fixed replica count.")
  private Autoscaling autoscaling;

  @JsonPropertyDescription("Bridge container image.")
  private String image;

  @JsonPropertyDescription("Bridge container resources.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Where bridge pods run.")
  private Placement placement;

  @JsonPropertyDescription("How clients and peer bridges reach each bridge's media.")
  private MediaExposure exposure;

  @JsonPropertyDescription("The bridge's ports.")
  private BridgePorts ports;

  @JsonPropertyDescription("Per-bridge limits used by selection and autoscaling.")
  private BridgeCapacity capacity;

  @Default("10m")
  @Pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
  @JsonPropertyDescription(
      "How long a bridge being removed keeps serving its participants before it is stopped, as"
          + " a Go-style duration (for example 10m or 90s).")
  private String drainTimeout;

  @Default("30s")
  @Pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
  @ValidationRule(value = "self.matches('[1-9]')", message = "endpointTimeout must be above zero")
  @JsonPropertyDescription(
      "How long a participant's media may stay unconnected after it joined, or go without an ICE"
          + " consent check once connected (a closed page, a lost client), before its bridge"
          + " removes it, as a Go-style duration (for example 30s, the RFC 7675 consent timeout).")
  private String endpointTimeout;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Autoscaling getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(Autoscaling autoscaling) {
    this.autoscaling = autoscaling;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Placement getPlacement() {
    return placement;
  }

  public void setPlacement(Placement placement) {
    this.placement = placement;
  }

  public MediaExposure getExposure() {
    return exposure;
  }

  public void setExposure(MediaExposure exposure) {
    this.exposure = exposure;
  }

  public BridgePorts getPorts() {
    return ports;
  }

  public void setPorts(BridgePorts ports) {
    this.ports = ports;
  }

  public BridgeCapacity getCapacity() {
    return capacity;
  }

  public void setCapacity(BridgeCapacity capacity) {
    this.capacity = capacity;
  }

  public String getDrainTimeout() {
    return drainTimeout;
  }

  public void setDrainTimeout(String drainTimeout) {
    this.drainTimeout = drainTimeout;
  }

  public String getEndpointTimeout() {
    return endpointTimeout;
  }

  public void setEndpointTimeout(String endpointTimeout) {
    this.endpointTimeout = endpointTimeout;
  }
}
