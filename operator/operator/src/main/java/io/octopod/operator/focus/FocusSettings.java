package io.octopod.operator.focus;

/**
 * How the focus is configured (environment variables of the operator, see docs/focus.md).
 *
 * @param bindAddress where the signalling port listens
 * @param port the signalling and meeting-page port (0 picks one)
 * @param namespace where the rooms' Conferences live
 * @param ownRegion the region assumed when a request says none
 * @param regionHeader the request header a regional load balancer or ingress sets
 * @param regionFromQuery whether {@code ?region=} may choose the region (off in production: a
 *     participant could pick a far bridge)
 * @param adHocRooms whether a room that has no Conference may be joined (it is then created)
 * @param disconnectGraceMillis how long a dropped socket keeps its participant for a reconnect
 */
public record FocusSettings(
    String bindAddress,
    int port,
    String namespace,
    String ownRegion,
    String regionHeader,
    boolean regionFromQuery,
    boolean adHocRooms,
    long disconnectGraceMillis) {

  public static final String DEFAULT_REGION_HEADER = "X-Octopod-Region";

  /** Reads {@code FOCUS_*} variables, defaulting what is absent. */
  public static FocusSettings fromEnvironment(java.util.Map<String, String> env, String namespace) {
    return new FocusSettings(
        env.getOrDefault("FOCUS_BIND_ADDRESS", "0.0.0.0"),
        Integer.parseInt(env.getOrDefault("FOCUS_PORT", "8443")),
        env.getOrDefault("FOCUS_NAMESPACE", namespace),
        env.getOrDefault("FOCUS_REGION", "local"),
        env.getOrDefault("FOCUS_REGION_HEADER", DEFAULT_REGION_HEADER),
        Boolean.parseBoolean(env.getOrDefault("FOCUS_REGION_FROM_QUERY", "false")),
        Boolean.parseBoolean(env.getOrDefault("FOCUS_AD_HOC_ROOMS", "false")),
        Long.parseLong(env.getOrDefault("FOCUS_DISCONNECT_GRACE_MILLIS", "10000")));
  }

  /**
   * The participant's region: the load balancer's header first, then the query parameter if
   * allowed, then the focus's own region. Values are lower-cased region names; anything else is
   * ignored rather than trusted.
   */
  public String regionOf(String headerValue, String queryValue) {
    if (isRegionName(headerValue)) {
      return headerValue.trim().toLowerCase(java.util.Locale.ROOT);
    }
    if (regionFromQuery && isRegionName(queryValue)) {
      return queryValue.trim().toLowerCase(java.util.Locale.ROOT);
    }
    return ownRegion;
  }

  private static boolean isRegionName(String value) {
    return value != null && value.trim().matches("[A-Za-z0-9][A-Za-z0-9-]{0,62}");
  }
}
