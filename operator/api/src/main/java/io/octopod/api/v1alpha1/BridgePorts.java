package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value = "self.media != self.octo",
    message = "ports.media and ports.octo must differ (both are UDP)")
@ValidationRule(
    value = "self.control != self.public",
    message = "ports.control and ports.public must differ (both are TCP)")
public class BridgePorts {

  @Default("10000")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("UDP port shared by every WebRTC endpoint.")
  private Integer media;

  @Default("4096")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("UDP port for Octo between bridges.")
  private Integer octo;

  @Default("8080")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Private HTTP port of the control API (operator only).")
  private Integer control;

  @Default("8443")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Public HTTP port of the bridge channel (WebSocket).")
  @com.fasterxml.jackson.annotation.JsonProperty("public")
  private Integer publicPort;

  public Integer getMedia() {
    return media;
  }

  public void setMedia(Integer media) {
    this.media = media;
  }

  public Integer getOcto() {
    return octo;
  }

  public void setOcto(Integer octo) {
    this.octo = octo;
  }

  public Integer getControl() {
    return control;
  }

  public void setControl(Integer control) {
    this.control = control;
  }

  public Integer getPublicPort() {
    return publicPort;
  }

  public void setPublicPort(Integer publicPort) {
    this.publicPort = publicPort;
  }
}
