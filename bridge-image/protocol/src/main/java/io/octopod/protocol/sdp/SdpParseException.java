package io.octopod.protocol.sdp;

/**
 * An SDP that can't be used, with the 1-based line that is wrong. The control API turns it into a
 * 400 reply that quotes the line.
 */
public final class SdpParseException extends RuntimeException {

  private final int lineNumber;
  private final String line;

  public SdpParseException(int lineNumber, String line, String reason) {
    super(
        "SDP line "
            + lineNumber
            + ": "
            + reason
            + (line == null ? "" : ": '" + shorten(line) + "'"));
    this.lineNumber = lineNumber;
    this.line = line;
  }

  public int lineNumber() {
    return lineNumber;
  }

  public String line() {
    return line;
  }

  private static String shorten(String line) {
    String shown = line.length() > 120 ? line.substring(0, 120) + "..." : line;
    return shown.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
