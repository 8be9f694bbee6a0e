package dev.weft;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Options for one invocation of {@code run}, {@code resume} or {@code retry}.
 *
 * @param maxSteps steps this invocation may execute before the run is PAUSED (0 = no limit)
 * @param maxDuration wall time this invocation may take before the run is PAUSED (null = none)
 * @param retry replaces the definition's retry policy for this invocation (null = keep it)
 * @param checkpoint replaces the definition's checkpoint policy (null = keep it)
 * @param owner who a new workflow run is for, listed by {@code progress(owner)}; recorded only
 *     when the run is created (null = nobody)
 */
public record RunOptions(long maxSteps, @Nullable Duration maxDuration,
    @Nullable RetryPolicy retry, @Nullable CheckpointPolicy checkpoint, @Nullable String owner) {
  public RunOptions {
    if (maxSteps < 0) {
      throw new InvalidInputException("maxSteps must not be negative, got " + maxSteps);
    }
    if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
      throw new InvalidInputException("maxDuration must be positive, got " + maxDuration);
    }
    if (owner != null && owner.isBlank()) {
      throw new InvalidInputException("owner must not be blank");
    }
  }

  public static RunOptions defaults() {
    return new RunOptions(0, null, null, null, null);
  }

  public RunOptions withMaxSteps(long value) {
    return new RunOptions(value, maxDuration, retry, checkpoint, owner);
  }

  public RunOptions withMaxDuration(Duration value) {
    return new RunOptions(maxSteps, value, retry, checkpoint, owner);
  }

  public RunOptions withRetry(RetryPolicy value) {
    return new RunOptions(maxSteps, maxDuration, value, checkpoint, owner);
  }

  public RunOptions withCheckpoint(CheckpointPolicy value) {
    return new RunOptions(maxSteps, maxDuration, retry, value, owner);
  }

  public RunOptions withOwner(@Nullable String value) {
    return new RunOptions(maxSteps, maxDuration, retry, checkpoint, value);
  }
}
