package io.octopod.operator.selection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Regions close enough to count as one for selection, for example {@code us-east} and {@code
 * us-east-2}. A region in no group is a group of its own.
 */
public final class RegionGroups {

  public static final RegionGroups NONE = new RegionGroups(List.of());

  private final Map<String, Integer> groupOfRegion = new HashMap<>();

  public RegionGroups(Collection<? extends Collection<String>> groups) {
    int index = 0;
    for (Collection<String> group : groups) {
      for (String region : group) {
        Integer previous = groupOfRegion.put(region, index);
        if (previous != null && previous != index) {
          throw new IllegalArgumentException("region " + region + " is in two region groups");
        }
      }
      index++;
    }
  }

  /**
   * Parses the operator setting {@code REGION_GROUPS}: groups separated by {@code ;}, the regions
   * of a group by {@code ,}, for example {@code us-east,us-east-2;eu-west,eu-central}. Blank means
   * none.
   *
   * @throws IllegalArgumentException when a region is in two groups
   */
  public static RegionGroups parse(String setting) {
    if (setting == null || setting.isBlank()) {
      return NONE;
    }
    List<List<String>> groups = new ArrayList<>();
    for (String group : setting.split(";")) {
      List<String> regions =
          Arrays.stream(group.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
      if (!regions.isEmpty()) {
        groups.add(regions);
      }
    }
    return new RegionGroups(groups);
  }

  /** Whether a bridge in {@code bridgeRegion} counts as local for a participant in {@code a}. */
  public boolean sameGroup(String a, String bridgeRegion) {
    if (a.equals(bridgeRegion)) {
      return true;
    }
    Integer ga = groupOfRegion.get(a);
    return ga != null && ga.equals(groupOfRegion.get(bridgeRegion));
  }
}
