/**
 * Wire codecs for everything a bridge puts on or takes off the network.
 *
 * <p>This package tree is pure byte handling. It imports neither Netty nor any crypto library, so
 * each parser can be tested against RFC vectors and fuzzed on plain {@code byte[]} input. Classes
 * are flyweights: {@code wrap(buffer, offset, length)} points a reusable view at bytes owned by
 * someone else, and nothing is allocated per packet.
 */
package io.octopod.protocol;
