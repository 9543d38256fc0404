package io.octopod.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Who may join. With neither set, anyone who knows the room's URL may join. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConferenceAccess {

  @JsonPropertyDescription(
      "Secret key holding the HS256 secret or RS256 public key (PEM) that participants' JWTs"
          + " must be signed with; the token's room claim must name this Conference.")
  private SecretKeyRef tokenSecretRef;

  @JsonPropertyDescription("Secret key holding the room password.")
  private SecretKeyRef passwordSecretRef;

  public SecretKeyRef getTokenSecretRef() {
    return tokenSecretRef;
  }

  public void setTokenSecretRef(SecretKeyRef tokenSecretRef) {
    this.tokenSecretRef = tokenSecretRef;
  }

  public SecretKeyRef getPasswordSecretRef() {
    return passwordSecretRef;
  }

  public void setPasswordSecretRef(SecretKeyRef passwordSecretRef) {
    this.passwordSecretRef = passwordSecretRef;
  }
}
