/**
 * The bridge control API's request and response bodies, shared by the bridge (server) and the
 * operator (client) so that both sides compile against one definition. They are plain records: no
 * JSON library appears here, and the field names are the JSON names. Each request record checks
 * itself with {@code validate()}, so both sides reject the same bad input with the same words.
 *
 * <p>The API is described in {@code docs/control-api.md}.
 */
package io.octopod.protocol.control;
