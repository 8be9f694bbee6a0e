package dev.weft;

import dev.weft.internal.Labels;

/** Where a fork starts: at a step of the run's history, or at one of its snapshots. */
public sealed interface ForkPoint {
  /**
   * The state after {@code step} committed steps (0 = the initial state), read from the run's
   * journal; a fork executes step {@code step} next.
   */
  record AtStep(long step) implements ForkPoint {
    public AtStep {
      if (step < 0) {
        throw new InvalidInputException("step must not be negative, got " + step);
      }
    }
  }

  /** The state saved in the run's snapshot named {@code name}. */
  record AtSnapshot(String name) implements ForkPoint {
    public AtSnapshot {
      Labels.check("snapshot name", name, Snapshots.MAX_NAME);
    }
  }

  static ForkPoint atStep(long step) {
    return new AtStep(step);
  }

  static ForkPoint snapshot(String name) {
    return new AtSnapshot(name);
  }
}
