/**
 * The bridge channel's messages: JSON objects on the WebSocket between a client and its bridge,
 * each with a {@code type} that names the record it maps to (see {@code docs/bridge-channel.md}).
 * Plain records, so that the bridge, the focus and tests read and write them with any JSON mapper.
 */
package io.octopod.protocol.channel;
