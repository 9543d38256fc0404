package io.octopod.operator.focus;

/**
 * A join or a message the focus refuses: a stable code the page can act on, and a sentence a person
 * can read. The codes are documented in {@code docs/focus.md}.
 */
public final class FocusError extends Exception {

  public static final String UNKNOWN_ROOM =
      io.octopod.operator.join.JoinService.JoinRefusedException.UNKNOWN_ROOM;
  public static final String ROOM_SUSPENDED =
      io.octopod.operator.join.JoinService.JoinRefusedException.ROOM_SUSPENDED;
  public static final String ROOM_FULL =
      io.octopod.operator.join.JoinService.JoinRefusedException.ROOM_FULL;
  public static final String BAD_TOKEN = "bad-token";
  public static final String BAD_PASSWORD = "bad-password";
  public static final String NO_BRIDGE =
      io.octopod.operator.join.JoinService.JoinRefusedException.NO_BRIDGE;
  public static final String BAD_MESSAGE = "bad-message";

  /** A resume that can't work: the bridge no longer has the participant's media. */
  public static final String REJOIN = "rejoin";

  private final String code;

  public FocusError(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
