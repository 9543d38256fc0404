package io.octopod.protocol.control;

/**
 * Body of {@code PUT /colibri/conferences/{conferenceId}}: creates the conference or updates it.
 *
 * @param name the conference's human-readable name (for logs and stats), e.g. {@code ns/name}
 * @param octoConferenceId the numeric id carried in Octo headers; the same on every bridge of the
 *     conference, and not 0
 * @param octo the Octo mesh; null while the conference has one bridge
 */
public record ConferenceRequest(String name, long octoConferenceId, OctoConfig octo) {

  public void validate() {
    if (name == null || name.isBlank() || name.length() > 253) {
      throw ControlApiException.badRequest("name must be 1-253 characters");
    }
    if (octoConferenceId == 0) {
      throw ControlApiException.badRequest("octoConferenceId must not be 0");
    }
    if (octo != null) {
      octo.validate();
    }
  }
}
