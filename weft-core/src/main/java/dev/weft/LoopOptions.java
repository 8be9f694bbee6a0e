package dev.weft;

import java.util.Objects;

/**
 * Per-definition options of a loop.
 *
 * @param checkpoint which states and attempts are kept
 * @param retry how failed steps are retried
 */
public record LoopOptions(CheckpointPolicy checkpoint, RetryPolicy retry) {
  public LoopOptions {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(retry, "retry");
  }

  public static LoopOptions defaults() {
    return new LoopOptions(CheckpointPolicy.full(), RetryPolicy.defaults());
  }

  public LoopOptions withCheckpoint(CheckpointPolicy value) {
    return new LoopOptions(value, retry);
  }

  public LoopOptions withRetry(RetryPolicy value) {
    return new LoopOptions(checkpoint, value);
  }
}
