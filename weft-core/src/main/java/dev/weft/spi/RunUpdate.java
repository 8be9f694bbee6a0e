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
 * @param wakeAtMillis when to wake the run (null if not waiting for a time)
 * @param releaseLease whether the committing executor gives up its lease with this commit
 */
public record RunUpdate(RunStatus status, long steps, @Nullable Payload state,
    @Nullable Payload result, @Nullable Failure failure, @Nullable String detail,
    @Nullable Long wakeAtMillis, boolean releaseLease) {
  public RunUpdate {
    Objects.requireNonNull(status, "status");
  }
}
