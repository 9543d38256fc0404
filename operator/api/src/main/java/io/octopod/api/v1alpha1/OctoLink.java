package io.octopod.api.v1alpha1;

/** One Octo link of the conference's full mesh, between two bridges' relay ids. */
public class OctoLink {

  private String from;
  private String to;

  public OctoLink() {}

  public OctoLink(String from, String to) {
    this.from = from;
    this.to = to;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }
}
