package io.octopod.bridge.srtp;

import java.security.GeneralSecurityException;

/** The receiving side of an SRTP or SRTCP stream, as {@link ReceiveStreams} holds them. */
interface ReceiveStream {

  /**
   * Unprotects the packet at {@code [off, off + len)} in place; a packet that does not authenticate
   * leaves the stream as it was.
   *
   * @return the plain packet's length, or a negative reason ({@link SrtpStream#AUTH_FAILED}, ...)
   */
  int unprotect(byte[] buf, int off, int len) throws GeneralSecurityException;
}
