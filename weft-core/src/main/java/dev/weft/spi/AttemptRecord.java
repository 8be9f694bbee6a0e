package dev.weft.spi;

import dev.weft.Failure;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One attempt at executing a step.
 *
 * @param step the step (0-based)
 * @param attempt the attempt number (1-based), continuing across process restarts
 * @param startedMillis epoch milliseconds when it started
 * @param endedMillis epoch milliseconds when it ended
 * @param outcome how it ended
 * @param failure why it failed, for failed and interrupted attempts
 */
public record AttemptRecord(long step, int attempt, long startedMillis, long endedMillis,
    Outcome outcome, @Nullable Failure failure) {
  public AttemptRecord {
    Objects.requireNonNull(outcome, "outcome");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt numbers start at 1, got " + attempt);
    }
  }

  /** How an attempt ended. Codes are stored: never renumber. */
  public enum Outcome {
    SUCCEEDED(0), FAILED(1), INTERRUPTED(2);

    private final int code;

    Outcome(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Outcome of(int code) {
      return switch (code) {
        case 0 -> SUCCEEDED;
        case 1 -> FAILED;
        case 2 -> INTERRUPTED;
        default -> throw new IllegalArgumentException("unknown attempt outcome code " + code);
      };
    }
  }
}
