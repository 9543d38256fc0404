package io.octopod.operator.model;

import java.util.Map;

/** Labels that tie a pool's objects together; selectors use only the stable subset. */
public final class PoolLabels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String POOL = "octopod.io/pool";
  public static final String REGION = "octopod.io/region";

  private PoolLabels() {}

  /** The selector of the pool's pods; never changes for the life of the pool. */
  public static Map<String, String> selector(String pool) {
    return Map.of(NAME, "octopod-bridge", POOL, pool);
  }

  public static Map<String, String> all(String pool, String region) {
    return Map.of(
        NAME,
        "octopod-bridge",
        COMPONENT,
        "bridge",
        MANAGED_BY,
        "octopod-operator",
        POOL,
        pool,
        REGION,
        region);
  }
}
