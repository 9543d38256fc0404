package io.octopod.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the highest load factor a bridge sustains (under 0.1 % loss): grows the factor by {@code
 * growth} from a start until a step fails, then bisects (geometrically) between the last sustained
 * and the first failed factor {@code refinements} times. With {@code confirmFailures}, a step that
 * fails is measured once more and fails only if it fails again: on a shared machine one window can
 * be hit by a stall of the whole machine, and the search should not stop at it. Pure logic over a
 * {@link Probe}, so it is tested without a bridge.
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
  private final boolean confirmFailures;

  public SaturationSearch(double growth, int refinements, int maxSteps, boolean confirmFailures) {
    if (growth <= 1) {
      throw new IllegalArgumentException("growth must be above 1");
    }
    this.growth = growth;
    this.refinements = refinements;
    this.maxSteps = maxSteps;
    this.confirmFailures = confirmFailures;
  }

  /** Measures a step (twice when it fails and failures are confirmed); records what it measured. */
  private StepResult measure(Probe probe, double factor, List<StepResult> steps) throws Exception {
    StepResult step = probe.measure(factor);
    steps.add(step);
    if (!step.sustained() && confirmFailures && steps.size() < maxSteps) {
      step = probe.measure(factor);
      steps.add(step);
    }
    return step;
  }

  public Outcome run(double startFactor, Probe probe) throws Exception {
    List<StepResult> steps = new ArrayList<>();
    StepResult best = null;
    double failed = -1;
    double factor = startFactor;
    while (steps.size() < maxSteps) {
      StepResult step = measure(probe, factor, steps);
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
        StepResult step = measure(probe, low, steps);
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
      StepResult step = measure(probe, mid, steps);
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
