package io.octopod.protocol.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The lines of the session part or of one media section, in their original order, with typed reads
 * of the attributes both kinds of section can carry (ICE credentials, fingerprint, setup, extmap,
 * ...). Lines are kept verbatim; the typed forms are parsed from them on demand and were validated
 * when the description was parsed.
 */
public abstract class SdpSection {

  protected final List<SdpLine> lines;

  protected SdpSection(List<SdpLine> lines) {
    this.lines = List.copyOf(lines);
  }

  public List<SdpLine> lines() {
    return lines;
  }

  /** The value of the first {@code a=name:value}, or null. */
  public String attribute(String name) {
    for (SdpLine line : lines) {
      if (name.equals(line.attributeName())) {
        return line.attributeValue();
      }
    }
    return null;
  }

  /** Every value of {@code a=name:value}, in order. */
  public List<String> attributes(String name) {
    List<String> values = new ArrayList<>();
    for (SdpLine line : lines) {
      if (name.equals(line.attributeName()) && line.attributeValue() != null) {
        values.add(line.attributeValue());
      }
    }
    return values;
  }

  /** Whether a property attribute ({@code a=name}) or an attribute of that name is present. */
  public boolean has(String name) {
    for (SdpLine line : lines) {
      if (name.equals(line.attributeName())) {
        return true;
      }
    }
    return false;
  }

  protected <T> List<T> typed(String name, Function<String, T> parser) {
    List<T> out = new ArrayList<>();
    for (String value : attributes(name)) {
      out.add(parser.apply(value));
    }
    return out;
  }

  public String iceUfrag() {
    return attribute("ice-ufrag");
  }

  public String icePwd() {
    return attribute("ice-pwd");
  }

  public boolean iceLite() {
    return has("ice-lite");
  }

  public Fingerprint fingerprint() {
    String value = attribute("fingerprint");
    return value == null ? null : Fingerprint.parse(value);
  }

  /** {@code a=setup} (RFC 4145): actpass, active, passive; null when absent. */
  public String setup() {
    return attribute("setup");
  }

  public List<ExtMap> extMaps() {
    return typed("extmap", ExtMap::parse);
  }

  public boolean extmapAllowMixed() {
    return has("extmap-allow-mixed");
  }
}
