package io.octopod.protocol.octo;

import static io.octopod.protocol.Bytes.i64;
import static io.octopod.protocol.Bytes.putI64;
import static io.octopod.protocol.Bytes.putU32;
import static io.octopod.protocol.Bytes.u32;

import io.octopod.protocol.Flyweight;

/**
 * The Octopod Octo header (version 1), which starts every datagram between two bridges. It is
 * fixed-length, carried in clear, and is the associated data of the AES-GCM seal over the payload
 * that follows, so a change to any field fails authentication. See {@code docs/octo.md}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Ver  |  Kind |  Media | Layer|    Key ID     |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                    Conference ID (64 bits)                    +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Source Endpoint ID (32 bits)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Sender Relay ID (32 bits)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                  Sequence Number (64 bits)                    +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   sealed payload: AES-GCM ciphertext, then the 16-byte tag   ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Ver    4 bits  1. Anything else is dropped (a later version changes the layout).
 * Kind   4 bits  1 RTP, 2 RTCP, 3 message fragment ({@link OctoFragment}), 4 message ack
 *                ({@link OctoAck}); others are dropped.
 * Media  4 bits  0 none (RTCP, messages), 1 audio, 2 video, 3 data.
 * Layer  4 bits  simulcast spatial layer 0-14 of video RTP; 15 when not layered.
 * Key ID 8 bits  which conference key sealed the payload; lets keys rotate without a gap.
 * Reserved       sent as 0, ignored on receipt (but authenticated).
 * Conference ID  the operator's numeric id of the conference; never 0.
 * Endpoint ID    numeric id of the participant whose media this is; 0 for bridge messages.
 * Relay ID       the sending bridge's number within the conference; never 0.
 * Sequence       per sending bridge and conference, +1 per datagram; never reused under a key.
 *                With the relay ID it forms the 96-bit GCM nonce, and feeds the replay window.
 * </pre>
 */
public final class OctoHeader extends Flyweight {

  public static final int LENGTH = 28;
  public static final int VERSION = 1;

  /** AES-GCM appends a 16-byte authentication tag to the sealed payload. */
  public static final int TAG_LENGTH = 16;

  public static final int KIND_RTP = 1;
  public static final int KIND_RTCP = 2;
  public static final int KIND_MESSAGE = 3;
  public static final int KIND_ACK = 4;

  public static final int MEDIA_NONE = 0;
  public static final int MEDIA_AUDIO = 1;
  public static final int MEDIA_VIDEO = 2;
  public static final int MEDIA_DATA = 3;

  public static final int NO_LAYER = 15;

  /**
   * The largest datagram a bridge sends or accepts on the Octo port: an RTP packet from the media
   * port (at most 1,500 bytes) with the header and tag, and some room. Message datagrams stay under
   * {@link OctoFragment#MAX_DATAGRAM}.
   */
  public static final int MAX_DATAGRAM = 2048;

  static final String TOO_SHORT = "shorter than the 28-byte Octo header and the 16-byte GCM tag";
  static final String UNSUPPORTED_VERSION = "Octo header version is not 1";
  static final String BAD_KIND =
      "Octo packet kind is not RTP (1), RTCP (2), message (3) or ack (4)";
  static final String BAD_MEDIA = "Octo media type is not 0-3";
  static final String ZERO_CONFERENCE = "Octo conference id is 0";
  static final String ZERO_RELAY = "Octo relay id is 0";

  /** Checks the header of a received datagram (header, sealed payload, tag). */
  public boolean wrap(byte[] buffer, int offset, int length) {
    if (!beginWrap(buffer, offset, length)) {
      return false;
    }
    if (length < LENGTH + TAG_LENGTH) {
      return reject(TOO_SHORT);
    }
    int first = buffer[offset] & 0xff;
    if ((first >>> 4) != VERSION) {
      return reject(UNSUPPORTED_VERSION);
    }
    int kind = first & 0x0f;
    if (kind < KIND_RTP || kind > KIND_ACK) {
      return reject(BAD_KIND);
    }
    if (((buffer[offset + 1] & 0xff) >>> 4) > MEDIA_DATA) {
      return reject(BAD_MEDIA);
    }
    if (i64(buffer, offset + 4) == 0) {
      return reject(ZERO_CONFERENCE);
    }
    if (u32(buffer, offset + 16) == 0) {
      return reject(ZERO_RELAY);
    }
    return accept(buffer, offset, length);
  }

  public int version() {
    return (buffer[offset] & 0xff) >>> 4;
  }

  public int kind() {
    return buffer[offset] & 0x0f;
  }

  public int mediaType() {
    return (buffer[offset + 1] & 0xff) >>> 4;
  }

  public int layer() {
    return buffer[offset + 1] & 0x0f;
  }

  public int keyId() {
    return buffer[offset + 2] & 0xff;
  }

  public long conferenceId() {
    return i64(buffer, offset + 4);
  }

  public long endpointId() {
    return u32(buffer, offset + 12);
  }

  public long relayId() {
    return u32(buffer, offset + 16);
  }

  public long sequence() {
    return i64(buffer, offset + 20);
  }

  /** Where the sealed payload starts. */
  public int payloadOffset() {
    return offset + LENGTH;
  }

  /** Sealed payload length, tag included. */
  public int sealedLength() {
    return length - LENGTH;
  }

  /**
   * Writes the 12-byte AES-GCM nonce for this packet, relay id then sequence, into {@code nonce}.
   * Unique per key because relay ids are unique within a conference and a relay never reuses a
   * sequence number.
   */
  public void nonce(byte[] nonce, int at) {
    System.arraycopy(buffer, offset + 16, nonce, at, 12);
  }

  /** Writes a header; returns {@link #LENGTH}. */
  public static int write(
      byte[] out,
      int at,
      int kind,
      int mediaType,
      int layer,
      int keyId,
      long conferenceId,
      long endpointId,
      long relayId,
      long sequence) {
    out[at] = (byte) ((VERSION << 4) | (kind & 0x0f));
    out[at + 1] = (byte) (((mediaType & 0x0f) << 4) | (layer & 0x0f));
    out[at + 2] = (byte) keyId;
    out[at + 3] = 0;
    putI64(out, at + 4, conferenceId);
    putU32(out, at + 12, endpointId);
    putU32(out, at + 16, relayId);
    putI64(out, at + 20, sequence);
    return LENGTH;
  }
}
