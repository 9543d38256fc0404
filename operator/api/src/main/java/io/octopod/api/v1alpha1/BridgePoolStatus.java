package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BridgePoolStatus {

  private Integer readyReplicas;

  private Integer replicas;

  private String meanStress;

  private List<BridgeStatus> bridges = new ArrayList<>();

  private Long observedGeneration;

  private List<Condition> conditions = new ArrayList<>();

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  /** Mean stress over ready bridges, as a decimal string ("0.42") so it prints in a column. */
  public String getMeanStress() {
    return meanStress;
  }

  public void setMeanStress(String meanStress) {
    this.meanStress = meanStress;
  }

  public List<BridgeStatus> getBridges() {
    return bridges;
  }

  public void setBridges(List<BridgeStatus> bridges) {
    this.bridges = bridges;
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
