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
}
