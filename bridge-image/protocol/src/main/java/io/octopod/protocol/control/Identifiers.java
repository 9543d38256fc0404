package io.octopod.protocol.control;

import java.util.regex.Pattern;

/**
 * Rules for the ids that appear in control-API paths. They are restricted to a URL-safe alphabet so
 * that a path never needs decoding and an id can't smuggle a {@code /} or {@code ..}.
 */
public final class Identifiers {

  /** Letters, digits, {@code . _ -}; 1–128 characters; not starting with a dot. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

  private Identifiers() {}

  public static boolean isValid(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Throws a 400 naming {@code what} when {@code id} breaks the rule. */
  public static String require(String what, String id) {
    if (!isValid(id)) {
      throw ControlApiException.badRequest(
          what + " must be 1-128 characters of letters, digits, '.', '_' or '-', got " + quote(id));
    }
    return id;
  }

  private static String quote(String value) {
    if (value == null) {
      return "nothing";
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    return "'" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'";
  }
}
