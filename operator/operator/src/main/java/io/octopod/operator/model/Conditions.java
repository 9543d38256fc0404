package io.octopod.operator.model;

import io.octopod.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets a condition in a status list the way the Kubernetes API conventions ask: one entry per type,
 * and {@code lastTransitionTime} moves only when the status changes.
 */
public final class Conditions {

  private Conditions() {}

  /** Returns the list with {@code update} in place of any condition of its type. */
  public static List<Condition> set(
      List<Condition> existing, Condition update, long generation, Instant now) {
    List<Condition> out = new ArrayList<>();
    String since = now.toString();
    if (existing != null) {
      for (Condition c : existing) {
        if (c.getType().equals(update.getType())) {
          if (c.getStatus().equals(update.getStatus()) && c.getLastTransitionTime() != null) {
            since = c.getLastTransitionTime();
          }
        } else {
          out.add(c);
        }
      }
    }
    update.setLastTransitionTime(since);
    update.setObservedGeneration(generation);
    out.add(update);
    return out;
  }

  /** The status of the condition of this type, or null. */
  public static String status(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .map(Condition::getStatus)
        .findFirst()
        .orElse(null);
  }
}
