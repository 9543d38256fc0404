package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key in a Secret in the Conference's namespace. */
public class SecretKeyRef {

  @Required
  @JsonPropertyDescription("Secret name.")
  private String name;

  @Required
  @JsonPropertyDescription("Key within the Secret.")
  private String key;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
