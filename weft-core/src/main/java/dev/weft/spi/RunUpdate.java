package dev.weft.spi;

import dev.weft.Failure;
import dev.weft.RunStatus;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The new values of a run's mutable columns after a commit.
 *
 * @param status the new status
 * @param steps the number of committed steps
 * @param state the new latest state, or null to leave it unchanged
 * @param result the result (null unless completed)
 * @param failure the failure (null unless failed)
 * @param detail what the run waits for or why it needs attention (null if nothing)
 * @param waiting the signal and/or time the run waits for (null if it does not wait)
 * @param releaseLease whether the committing executor gives up its lease with this commit
 * @param progressOnly if true, only {@code steps} and {@code state} change; status, result,
 *     failure, detail and wait keep their stored values (the hot path of a running
 *     run, which then rewrites no indexed column)
 */
public record RunUpdate(RunStatus status, long steps, @Nullable Payload state,
    @Nullable Payload result, @Nullable Failure failure, @Nullable String detail,
    @Nullable Waiting waiting, boolean releaseLease, boolean progressOnly) {
  public RunUpdate {
    Objects.requireNonNull(status, "status");
    if (progressOnly && (result != null || failure != null || detail != null
        || waiting != null)) {
      throw new IllegalArgumentException("a progress-only update changes only steps and state");
    }
    if (waiting != null && status != RunStatus.WAITING && status != RunStatus.PAUSED) {
      throw new IllegalArgumentException("only a WAITING or PAUSED run waits, not " + status);
    }
  }

  /** A full update of every mutable column. */
  public RunUpdate(RunStatus status, long steps, @Nullable Payload state,
      @Nullable Payload result, @Nullable Failure failure, @Nullable String detail,
      @Nullable Waiting waiting, boolean releaseLease) {
    this(status, steps, state, result, failure, detail, waiting, releaseLease, false);
  }

  /** A running run moved on: new step count and (if non-null) state, nothing else. */
  public static RunUpdate progress(long steps, @Nullable Payload state) {
    return new RunUpdate(RunStatus.RUNNING, steps, state, null, null, null, null, false, true);
  }
}
