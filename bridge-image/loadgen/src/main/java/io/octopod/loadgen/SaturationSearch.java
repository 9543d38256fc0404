package io.octopod.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the highest load factor a bridge sustains (under 0.1 % loss): grows the factor by {@code
 * growth} from a start until a step fails, then bisects (geometrically) between the last sustained
 * and the first failed factor {@code refinements} times. Pure logic over a {@link Probe}, so it is
 * tested without a bridge.
 */
public final class SaturationSearch {

  /** Measures one step at a factor. */
  @FunctionalInterface
  public interface Probe {
    StepResult measure(double factor) throws Exception;
  }

  /** Every step taken, in order, and the best sustained one (null when none was). */
  public record Outcome(List<StepResult> steps, StepResult best) {}

  private final double growth;
  private final int refinements;
  private final int maxSteps;

  public SaturationSearch(double growth, int refinements, int maxSteps) {
    if (growth <= 1) {
      throw new IllegalArgumentException("growth must be above 1");
    }
    this.growth = growth;
    this.refinements = refinements;
    this.maxSteps = maxSteps;
  }

  public Outcome run(double startFactor, Probe probe) throws Exception {
    List<StepResult> steps = new ArrayList<>();
    StepResult best = null;
    double failed = -1;
    double factor = startFactor;
    while (steps.size() < maxSteps) {
      StepResult step = probe.measure(factor);
      steps.add(step);
      if (!step.sustained()) {
        failed = factor;
        break;
      }
      best = step;
      factor *= growth;
    }
    if (failed < 0) {
      return new Outcome(steps, best);
    }
    double low = best == null ? failed / (growth * growth) : best.factor();
    if (best == null) {
      // Even the start failed: look below it, once per refinement, before bisecting.
      for (int i = 0; i < refinements && best == null && steps.size() < maxSteps; i++) {
        StepResult step = probe.measure(low);
        steps.add(step);
        if (step.sustained()) {
          best = step;
        } else {
          failed = low;
          low /= growth * growth;
        }
      }
      if (best == null) {
        return new Outcome(steps, null);
      }
    }
    double high = failed;
    for (int i = 0; i < refinements && steps.size() < maxSteps; i++) {
      double mid = Math.sqrt(low * high);
      StepResult step = probe.measure(mid);
      steps.add(step);
      if (step.sustained()) {
        low = mid;
        if (step.egressPacketsPerSecond() > best.egressPacketsPerSecond()) {
          best = step;
        }
      } else {
        high = mid;
      }
    }
    return new Outcome(steps, best);
  }
}
