package io.octopod.protocol.pcap;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the UDP datagrams of a capture file, for tests that replay real traffic through the codecs.
 * Handles classic pcap (both byte orders, micro- and nanosecond) and pcapng (section, interface and
 * enhanced/simple packet blocks), with Ethernet (optionally VLAN-tagged), Linux cooked (SLL), raw
 * IP and BSD loopback link types, over IPv4 and IPv6. Test code: it allocates freely and fails
 * loudly on anything it does not understand.
 */
public final class CaptureReader {

  private static final int LINK_NULL = 0;
  private static final int LINK_ETHERNET = 1;
  private static final int LINK_RAW = 101;
  private static final int LINK_SLL = 113;
  private static final int LINK_IPV4 = 228;
  private static final int LINK_IPV6 = 229;

  private CaptureReader() {}

  public static List<CapturedDatagram> udpDatagrams(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
    if (in.remaining() < 4) {
      throw new IOException(file + " is too short to be a capture");
    }
    int magic = in.order(ByteOrder.BIG_ENDIAN).getInt(0);
    List<CapturedDatagram> out = new ArrayList<>();
    if (magic == 0x0A0D0D0A) {
      readPcapng(in, out);
    } else {
      readPcap(in, out);
    }
    return out;
  }

  private static void readPcap(ByteBuffer in, List<CapturedDatagram> out) throws IOException {
    int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    boolean nanos;
    if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
      in.order(ByteOrder.LITTLE_ENDIAN);
    } else {
      in.order(ByteOrder.BIG_ENDIAN);
      magic = in.getInt(0);
      if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
        throw new IOException("not a pcap or pcapng file");
      }
    }
    nanos = magic == 0xa1b23c4d;
    int linkType = in.getInt(20) & 0x0fffffff;
    in.position(24);
    while (in.remaining() >= 16) {
      long seconds = in.getInt() & 0xffffffffL;
      long fraction = in.getInt() & 0xffffffffL;
      int captured = in.getInt();
      in.getInt();
      byte[] frame = new byte[captured];
      in.get(frame);
      long ts = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
      decodeFrame(linkType, frame, ts, out);
    }
  }

  private static void readPcapng(ByteBuffer in, List<CapturedDatagram> out) throws IOException {
    List<Integer> linkTypes = new ArrayList<>();
    int position = 0;
    while (position + 12 <= in.limit()) {
      ByteOrder sectionOrder = in.order();
      int type = in.order(ByteOrder.BIG_ENDIAN).getInt(position);
      in.order(sectionOrder);
      if (type == 0x0A0D0D0A) {
        int bom = in.order(ByteOrder.BIG_ENDIAN).getInt(position + 8);
        in.order(bom == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        linkTypes.clear();
      }
      // Other blocks use the byte order of the section header before them, already set on `in`.
      type = in.getInt(position);
      int length = in.getInt(position + 4);
      if (length < 12 || position + length > in.limit()) {
        throw new IOException("pcapng block at " + position + " has a bad length " + length);
      }
      int body = position + 8;
      if (type == 1) {
        linkTypes.add(in.getShort(body) & 0xffff);
      } else if (type == 6) {
        int iface = in.getInt(body);
        long ts = ((in.getInt(body + 4) & 0xffffffffL) << 32) | (in.getInt(body + 8) & 0xffffffffL);
        int captured = in.getInt(body + 12);
        byte[] frame = Arrays.copyOfRange(in.array(), body + 20, body + 20 + captured);
        decodeFrame(linkTypes.get(iface), frame, ts, out);
      } else if (type == 3) {
        int captured = length - 16;
        byte[] frame = Arrays.copyOfRange(in.array(), body + 4, body + 4 + captured);
        decodeFrame(linkTypes.get(0), frame, 0, out);
      }
      position += length;
    }
  }

  private static void decodeFrame(int linkType, byte[] f, long ts, List<CapturedDatagram> out)
      throws IOException {
    int at;
    int etherType;
    switch (linkType) {
      case LINK_ETHERNET -> {
        at = 12;
        etherType = u16(f, at);
        at += 2;
        while (etherType == 0x8100 || etherType == 0x88a8) {
          etherType = u16(f, at + 2);
          at += 4;
        }
      }
      case LINK_SLL -> {
        at = 16;
        etherType = u16(f, 14);
      }
      case LINK_NULL -> {
        at = 4;
        int family = f[0] == 0 ? f[3] : f[0];
        etherType = family == 2 ? 0x0800 : 0x86dd;
      }
      case LINK_RAW, LINK_IPV4, LINK_IPV6 -> {
        at = 0;
        etherType = (f[0] >> 4) == 4 ? 0x0800 : 0x86dd;
      }
      default -> throw new IOException("link type " + linkType + " is not supported");
    }
    String src;
    String dst;
    int protocol;
    if (etherType == 0x0800) {
      int ihl = (f[at] & 0x0f) * 4;
      protocol = f[at + 9] & 0xff;
      src = InetAddress.getByAddress(Arrays.copyOfRange(f, at + 12, at + 16)).getHostAddress();
      dst = InetAddress.getByAddress(Arrays.copyOfRange(f, at + 16, at + 20)).getHostAddress();
      at += ihl;
    } else if (etherType == 0x86dd) {
      protocol = f[at + 6] & 0xff;
      src = InetAddress.getByAddress(Arrays.copyOfRange(f, at + 8, at + 24)).getHostAddress();
      dst = InetAddress.getByAddress(Arrays.copyOfRange(f, at + 24, at + 40)).getHostAddress();
      at += 40;
    } else {
      return; // ARP and friends
    }
    if (protocol != 17) {
      return;
    }
    int sport = u16(f, at);
    int dport = u16(f, at + 2);
    int udpLength = u16(f, at + 4);
    byte[] payload = Arrays.copyOfRange(f, at + 8, at + Math.min(udpLength, f.length - at));
    out.add(new CapturedDatagram(ts, src, sport, dst, dport, payload));
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
