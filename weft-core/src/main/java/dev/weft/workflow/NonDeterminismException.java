package dev.weft.workflow;

import dev.weft.WeftException;

/**
 * Replayed workflow code did something other than what the run's history recorded at a
 * position: another kind of call, another name, or other arguments. The run stops FAILED with
 * this message; deploy code that matches (see docs/determinism.md) and {@code weft retry} it.
 */
public final class NonDeterminismException extends WeftException {
  private final long position;
  private final String recorded;
  private final String actual;

  public NonDeterminismException(String runId, long position, String recorded, String actual) {
    super("non-determinism in run '" + runId + "' at position " + position + ": the history"
        + " recorded " + recorded + " but the code now does " + actual
        + "; keep old paths with ctx.version(...) (see docs/determinism.md)");
    this.position = position;
    this.recorded = recorded;
    this.actual = actual;
  }

  public long position() {
    return position;
  }

  /** What the history holds at {@link #position}. */
  public String recorded() {
    return recorded;
  }

  /** What the code did there. */
  public String actual() {
    return actual;
  }
}
