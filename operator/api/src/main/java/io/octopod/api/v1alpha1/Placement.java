package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Placement {

  @Default("topology.kubernetes.io/region")
  @JsonPropertyDescription(
      "Node label whose value must equal spec.region for a node to run this pool's bridges.")
  private String regionLabel;

  @JsonPropertyDescription("Further node labels every bridge node must carry.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations for dedicated media nodes.")
  private List<Toleration> tolerations;

  public String getRegionLabel() {
    return regionLabel;
  }

  public void setRegionLabel(String regionLabel) {
    this.regionLabel = regionLabel;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }
}
