package io.octopod.operator.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The subset of Go's duration syntax the CRDs accept: hours, minutes, seconds ("1h30m", "90s"). */
public final class GoDuration {

  private static final Pattern FORMAT = Pattern.compile("^(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

  private GoDuration() {}

  public static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("not a duration like 10m, 90s or 1h30m: '" + text + "'");
    }
    return Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
  }

  private static long group(Matcher m, int index) {
    return m.group(index) == null ? 0 : Long.parseLong(m.group(index));
  }
}
