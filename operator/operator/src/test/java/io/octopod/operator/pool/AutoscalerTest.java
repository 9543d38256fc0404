package io.octopod.operator.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.octopod.api.v1alpha1.Autoscaling;
import org.junit.jupiter.api.Test;

class AutoscalerTest {

  private static Autoscaling between(int min, int max, double target) {
    Autoscaling a = new Autoscaling();
    a.setMinReplicas(min);
    a.setMaxReplicas(max);
    a.setTargetStress(target);
    return a;
  }

  @Test
  void addsABridgeAboveTheTargetUpToMax() {
    assertEquals(3, Autoscaler.desiredReplicas(between(1, 4, 0.6), 2, 0.7));
    assertEquals(4, Autoscaler.desiredReplicas(between(1, 4, 0.6), 4, 0.95), "never above max");
  }

  @Test
  void removesABridgeOnlyWhenTheRestStaysClearlyUnderTheTarget() {
    // 3 bridges at 0.3 would be 0.45 on 2: under 0.8 × 0.6 = 0.48, so one goes.
    assertEquals(2, Autoscaler.desiredReplicas(between(1, 4, 0.6), 3, 0.3));
    // 3 bridges at 0.35 would be 0.525 on 2: above 0.48, so all stay (hysteresis).
    assertEquals(3, Autoscaler.desiredReplicas(between(1, 4, 0.6), 3, 0.35));
    assertEquals(1, Autoscaler.desiredReplicas(between(1, 4, 0.6), 1, 0.0), "never below min");
  }

  @Test
  void startsAtLeastMinAndClampsOutOfRangeCounts() {
    assertEquals(2, Autoscaler.desiredReplicas(between(2, 4, 0.6), 0, 0));
    assertEquals(4, Autoscaler.desiredReplicas(between(1, 4, 0.6), 9, 0.5));
  }
}
