package io.octopod.protocol.control;

/**
 * One participant as a bridge reports it.
 *
 * @param endpointId the endpoint id
 * @param region the participant's region as given at allocation, or null
 * @param state {@code reserved} (no offer yet), {@code connecting}, {@code connected}, {@code
 *     failed}
 * @param packetsIn RTP packets received from this endpoint and decrypted
 * @param slots what each of its receive slots carries now (empty in conference-wide stats)
 * @param repair loss repair on its legs, or null before its media is set up
 * @param estimatedBitrate the bridge's send-side bandwidth estimate toward it in bit/s, or null
 *     without transport-cc feedback
 * @param displayName the name given at allocation, or null
 */
public record EndpointInfo(
    String endpointId,
    String region,
    String state,
    long packetsIn,
    java.util.List<SlotMapping> slots,
    RepairStats repair,
    Long estimatedBitrate,
    String displayName) {

  public EndpointInfo {
    slots = slots == null ? java.util.List.of() : java.util.List.copyOf(slots);
  }
}
