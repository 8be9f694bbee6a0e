package dev.weft;

/** Where a run is in its life. */
public enum RunStatus {
  /** Created, no step executed yet. */
  PENDING,
  /** An executor holds (or held, if it died) the run and is executing steps. */
  RUNNING,
  /** Stopped by a budget (e.g. {@code maxSteps}); {@code resume} continues it. */
  PAUSED,
  /** Waiting for a signal, an event or a time; holds no thread and no lease. */
  WAITING,
  /** A side effect is in doubt after a crash; an operator must resolve it. */
  NEEDS_ATTENTION,
  /** Finished with a result. */
  COMPLETED,
  /** Finished with an error; {@code retry} continues from the last committed step. */
  FAILED,
  /** Cancelled by a caller. */
  CANCELLED;

  /** Whether the run has ended (completed, failed or cancelled). */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** Parses a status name case-insensitively, with a clear error for anything else. */
  public static RunStatus parse(String text) {
    for (RunStatus s : values()) {
      if (s.name().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    throw new InvalidInputException("unknown run status '" + text + "'; expected one of "
        + java.util.Arrays.toString(values()));
  }
}
