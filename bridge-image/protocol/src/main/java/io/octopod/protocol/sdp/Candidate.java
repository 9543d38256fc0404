package io.octopod.protocol.sdp;

/**
 * An ICE candidate, {@code a=candidate:<foundation> <component> <transport> <priority> <address>
 * <port> typ <type> [raddr <a> rport <p>] [<extension> <value>]...} (RFC 8839 §5.1).
 *
 * @param relatedAddress null when absent
 * @param relatedPort -1 when absent
 * @param extensions the name/value pairs after the type and related address, as written
 */
public record Candidate(
    String foundation,
    int component,
    String transport,
    long priority,
    String address,
    int port,
    String type,
    String relatedAddress,
    int relatedPort,
    String extensions) {

  static Candidate parse(String value) {
    String[] t = value.trim().split(" +");
    if (t.length < 8 || !t[6].equals("typ")) {
      throw new IllegalArgumentException(
          "candidate needs '<foundation> <component> <transport> <priority> <address> <port> typ <type>'");
    }
    int port = Numbers.integer("candidate port", t[5]);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("candidate port must be 0-65535, got " + port);
    }
    String raddr = null;
    int rport = -1;
    int i = 8;
    StringBuilder ext = new StringBuilder();
    while (i < t.length) {
      if (i + 1 >= t.length) {
        throw new IllegalArgumentException("candidate extension '" + t[i] + "' has no value");
      }
      switch (t[i]) {
        case "raddr" -> raddr = t[i + 1];
        case "rport" -> rport = Numbers.integer("candidate rport", t[i + 1]);
        default ->
            ext.append(ext.length() == 0 ? "" : " ").append(t[i]).append(' ').append(t[i + 1]);
      }
      i += 2;
    }
    return new Candidate(
        t[0],
        Numbers.positive("candidate component", t[1]),
        t[2].toLowerCase(java.util.Locale.ROOT),
        Numbers.unsigned32("candidate priority", t[3]),
        t[4],
        port,
        t[7],
        raddr,
        rport,
        ext.toString());
  }

  public String value() {
    StringBuilder out =
        new StringBuilder()
            .append(foundation)
            .append(' ')
            .append(component)
            .append(' ')
            .append(transport)
            .append(' ')
            .append(priority)
            .append(' ')
            .append(address)
            .append(' ')
            .append(port)
            .append(" typ ")
            .append(type);
    if (relatedAddress != null) {
      out.append(" raddr ").append(relatedAddress);
    }
    if (relatedPort >= 0) {
      out.append(" rport ").append(relatedPort);
    }
    if (!extensions.isEmpty()) {
      out.append(' ').append(extensions);
    }
    return out.toString();
  }
}
