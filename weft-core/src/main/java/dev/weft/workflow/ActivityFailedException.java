package dev.weft.workflow;

import dev.weft.Failure;
import dev.weft.WeftException;

/**
 * An activity failed on its last attempt (or timed out on it). Thrown into workflow code at the
 * activity's call, where it may be caught; recorded, so a replay throws it again at the same
 * place.
 */
public final class ActivityFailedException extends WeftException {
  private final String activity;
  private final Failure failure;
  private final int attempts;

  public ActivityFailedException(String activity, Failure failure, int attempts) {
    super("activity '" + activity + "' failed after " + attempts + " attempt"
        + (attempts == 1 ? "" : "s") + ": " + failure.message());
    this.activity = activity;
    this.failure = failure;
    this.attempts = attempts;
  }

  public String activity() {
    return activity;
  }

  /** The last attempt's failure: error class, exception type and message. */
  public Failure failure() {
    return failure;
  }

  public int attempts() {
    return attempts;
  }

  /** Whether the last attempt was interrupted by its timeout. */
  public boolean timedOut() {
    return failure.type().equals("ActivityTimeout");
  }
}
