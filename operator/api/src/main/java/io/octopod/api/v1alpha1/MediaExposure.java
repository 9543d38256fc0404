package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.mode != 'FixedAddresses' || (has(self.publicAddresses) && size(self.publicAddresses) > 0)",
    message = "exposure.mode FixedAddresses needs at least one entry in exposure.publicAddresses")
public class MediaExposure {

  @Default("HostPort")
  @JsonPropertyDescription("HostNetwork, HostPort, NodePort or FixedAddresses.")
  private ExposureMode mode;

  @Size(max = 1000)
  @JsonPropertyDescription(
      "With FixedAddresses: the public address of each bridge, by StatefulSet ordinal.")
  private List<String> publicAddresses;

  @Default("ExternalIP")
  @JsonPropertyDescription(
      "Node address type to advertise (ExternalIP, falling back to InternalIP when absent).")
  private String nodeAddressType;

  public ExposureMode getMode() {
    return mode;
  }

  public void setMode(ExposureMode mode) {
    this.mode = mode;
  }

  public List<String> getPublicAddresses() {
    return publicAddresses;
  }

  public void setPublicAddresses(List<String> publicAddresses) {
    this.publicAddresses = publicAddresses;
  }

  public String getNodeAddressType() {
    return nodeAddressType;
  }

  public void setNodeAddressType(String nodeAddressType) {
    this.nodeAddressType = nodeAddressType;
  }
}
