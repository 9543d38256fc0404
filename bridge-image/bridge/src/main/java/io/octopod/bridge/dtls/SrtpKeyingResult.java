package io.octopod.bridge.dtls;

import io.octopod.bridge.srtp.SrtpProfile;
import io.octopod.bridge.srtp.SrtpSession;

/**
 * What a DTLS-SRTP handshake yields (RFC 5764 §4.2): the negotiated profile and the SRTP session
 * keyed from the exported keying material, for the side that ran it.
 */
public record SrtpKeyingResult(SrtpProfile profile, SrtpSession session) {}
