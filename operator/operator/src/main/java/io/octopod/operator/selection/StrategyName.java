package io.octopod.operator.selection;

/** The strategies a Conference's {@code spec.selectionStrategy} may name. */
public enum StrategyName {
  RegionBased(new RegionBasedStrategy()),
  IntraRegion(new IntraRegionStrategy()),
  Single(new SingleBridgeStrategy()),
  Split(new SplitStrategy());

  private final BridgeSelectionStrategy strategy;

  StrategyName(BridgeSelectionStrategy strategy) {
    this.strategy = strategy;
  }

  public BridgeSelectionStrategy strategy() {
    return strategy;
  }

  /** The strategy a Conference asks for; RegionBased when it asks for none. */
  public static StrategyName of(io.octopod.api.v1alpha1.SelectionStrategy requested) {
    return requested == null ? RegionBased : valueOf(requested.name());
  }
}
