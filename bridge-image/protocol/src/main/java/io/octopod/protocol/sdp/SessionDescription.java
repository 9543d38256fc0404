package io.octopod.protocol.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A parsed SDP (RFC 8866) as WebRTC uses it (RFC 8829): the session part and its media sections.
 * Every line is kept as written, unknown ones included, so {@link #toString()} gives back the text
 * that was parsed. The attributes this module understands are validated while parsing, so that a
 * bad one is reported with its line number, and read later through typed accessors.
 */
public final class SessionDescription extends SdpSection {

  /** SDP line types RFC 8866 §5 allows, in any section. */
  private static final String KNOWN_TYPES = "vosiuepcbtrzkam";

  private static final Map<String, Function<String, ?>> VALIDATED =
      Map.ofEntries(
          Map.entry("rtpmap", RtpMap::parse),
          Map.entry("fmtp", Fmtp::parse),
          Map.entry("rtcp-fb", RtcpFeedback::parse),
          Map.entry("extmap", ExtMap::parse),
          Map.entry("ssrc", SsrcAttribute::parse),
          Map.entry("ssrc-group", SsrcGroup::parse),
          Map.entry("rid", Rid::parse),
          Map.entry("simulcast", Simulcast::parse),
          Map.entry("candidate", Candidate::parse),
          Map.entry("fingerprint", Fingerprint::parse),
          Map.entry("group", SessionDescription::group));

  private final List<MediaSection> media;
  private final String lineEnding;

  SessionDescription(List<SdpLine> sessionLines, List<MediaSection> media, String lineEnding) {
    super(sessionLines);
    this.media = List.copyOf(media);
    this.lineEnding = lineEnding;
  }

  /**
   * Parses an SDP. Lines end with CRLF (RFC 8866 §5); a bare LF is accepted and kept, so that the
   * text is written back as it came.
   *
   * @throws SdpParseException naming the first line that is wrong
   */
  public static SessionDescription parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new SdpParseException(1, null, "the SDP is empty");
    }
    String ending = text.contains("\r\n") ? "\r\n" : "\n";
    String body = text.endsWith(ending) ? text.substring(0, text.length() - ending.length()) : text;
    List<String> raw = Arrays.asList(body.split(ending.equals("\r\n") ? "\r\n" : "\n", -1));
    List<SdpLine> session = new ArrayList<>();
    List<MediaSection> media = new ArrayList<>();
    List<SdpLine> current = session;
    for (int i = 0; i < raw.size(); i++) {
      int number = i + 1;
      String line = raw.get(i);
      if (line.length() < 2 || line.charAt(1) != '=') {
        throw new SdpParseException(number, line, "a line must be <type>=<value> (RFC 8866 5)");
      }
      char type = line.charAt(0);
      if (KNOWN_TYPES.indexOf(type) < 0) {
        throw new SdpParseException(number, line, "unknown line type '" + type + "'");
      }
      if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0 || line.indexOf('\0') >= 0) {
        throw new SdpParseException(number, line, "a line must not contain CR, LF or NUL");
      }
      if (i == 0 && !line.equals("v=0")) {
        throw new SdpParseException(number, line, "an SDP starts with v=0 (RFC 8866 5.1)");
      }
      SdpLine parsed = new SdpLine(type, line.substring(2));
      if (type == 'm') {
        checkMediaLine(number, line, parsed.value());
        if (current != session) {
          media.add(new MediaSection(current));
        }
        current = new ArrayList<>();
      } else if (type == 'a') {
        validateAttribute(number, line, parsed);
      }
      current.add(parsed);
    }
    if (current != session) {
      media.add(new MediaSection(current));
    }
    return new SessionDescription(session, media, ending);
  }

  private static void checkMediaLine(int number, String line, String value) {
    String[] m = value.split(" ");
    if (m.length < 3 || m[0].isEmpty()) {
      throw new SdpParseException(number, line, "m= needs '<media> <port> <proto> <fmt> ...'");
    }
    try {
      int port = Integer.parseInt(m[1].split("/")[0]);
      if (port < 0 || port > 65535) {
        throw new SdpParseException(number, line, "m= port must be 0-65535");
      }
    } catch (NumberFormatException e) {
      throw new SdpParseException(number, line, "m= port is not a number");
    }
  }

  private static void validateAttribute(int number, String line, SdpLine parsed) {
    Function<String, ?> parser = VALIDATED.get(parsed.attributeName());
    if (parser == null) {
      return;
    }
    if (parsed.attributeValue() == null) {
      throw new SdpParseException(number, line, "a=" + parsed.attributeName() + " needs a value");
    }
    try {
      parser.apply(parsed.attributeValue());
    } catch (IllegalArgumentException e) {
      throw new SdpParseException(number, line, e.getMessage());
    }
  }

  private static List<String> group(String value) {
    String[] parts = value.trim().split(" +");
    if (parts.length < 1 || parts[0].isEmpty()) {
      throw new IllegalArgumentException("group needs '<semantics> <mid> ...'");
    }
    return List.of(parts).subList(1, parts.length);
  }

  public List<MediaSection> media() {
    return media;
  }

  /** Every SSRC the media sections name in {@code a=ssrc} lines (RFC 5576), each once. */
  public long[] ssrcs() {
    return media.stream()
        .flatMap(m -> m.ssrcs().stream())
        .mapToLong(SsrcAttribute::ssrc)
        .distinct()
        .toArray();
  }

  /** The mids of {@code a=group:BUNDLE} (RFC 9143), empty when there is none. */
  public List<String> bundle() {
    for (String value : attributes("group")) {
      if (value.startsWith("BUNDLE")) {
        return group(value);
      }
    }
    return List.of();
  }

  public MediaSection mediaByMid(String mid) {
    for (MediaSection section : media) {
      if (mid.equals(section.mid())) {
        return section;
      }
    }
    return null;
  }

  /** The ICE ufrag of a media section, falling back to the session level. */
  public String iceUfrag(MediaSection section) {
    return section.iceUfrag() != null ? section.iceUfrag() : iceUfrag();
  }

  public String icePwd(MediaSection section) {
    return section.icePwd() != null ? section.icePwd() : icePwd();
  }

  public Fingerprint fingerprint(MediaSection section) {
    return section.fingerprint() != null ? section.fingerprint() : fingerprint();
  }

  /** Every line, session and media, in order. */
  public List<SdpLine> allLines() {
    List<SdpLine> all = new ArrayList<>(lines);
    media.forEach(m -> all.addAll(m.lines()));
    return all;
  }

  /** The SDP text: every line as parsed or built, each ended with the description's line ending. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (SdpLine line : allLines()) {
      out.append(line).append(lineEnding);
    }
    return out.toString();
  }
}
