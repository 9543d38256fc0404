package io.octopod.operator.pool;

import io.octopod.api.v1alpha1.Autoscaling;

/**
 * Replicas from the pool's mean stress, without an external metrics adapter. It adds a bridge when
 * the mean stress is above the target, and removes one only when the mean would stay under the
 * target with one bridge fewer (the hysteresis that stops flapping), one step at a time.
 */
public final class Autoscaler {

  private Autoscaler() {}

  public static int desiredReplicas(Autoscaling autoscaling, int current, double meanStress) {
    int min = autoscaling.getMinReplicas() == null ? 1 : autoscaling.getMinReplicas();
    int max =
        autoscaling.getMaxReplicas() == null
            ? Math.max(min, current)
            : autoscaling.getMaxReplicas();
    double target = autoscaling.getTargetStress() == null ? 0.6 : autoscaling.getTargetStress();
    int replicas = Math.max(min, Math.min(max, current));
    if (current == 0) {
      return Math.max(min, Math.min(max, 1));
    }
    if (meanStress > target && replicas < max) {
      return replicas + 1;
    }
    // The same load spread over one bridge fewer must still sit clearly under the target.
    double withOneFewer = replicas > 1 ? meanStress * replicas / (replicas - 1) : Double.MAX_VALUE;
    if (replicas > min && withOneFewer < target * 0.8) {
      return replicas - 1;
    }
    return replicas;
  }
}
