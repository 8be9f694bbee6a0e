package dev.weft.workflow;

import dev.weft.Backoff;
import dev.weft.ErrorClass;
import dev.weft.InvalidInputException;
import dev.weft.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an activity is attempted.
 *
 * @param retry attempts, backoff and which error classes are retried
 * @param timeout the longest one attempt may take (it is then interrupted), or null for none
 * @param idempotent whether it may run again with the same key when it is in doubt after a crash
 */
public record ActivityOptions(RetryPolicy retry, @Nullable Duration timeout, boolean idempotent) {
  public ActivityOptions {
    Objects.requireNonNull(retry, "retry");
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new InvalidInputException("an activity timeout must be positive, got " + timeout);
    }
  }

  /**
   * Three attempts with the default backoff, retrying transient and unknown errors (not
   * validation, business or permission ones); no timeout; not idempotent.
   */
  public static ActivityOptions defaults() {
    return new ActivityOptions(RetryPolicy.defaults().withRetryable(ErrorClass.TRANSIENT,
        ErrorClass.UNKNOWN), null, false);
  }

  public ActivityOptions withMaxAttempts(int value) {
    return new ActivityOptions(retry.withMaxAttempts(value), timeout, idempotent);
  }

  public ActivityOptions withBackoff(Backoff value) {
    return new ActivityOptions(retry.withBackoff(value), timeout, idempotent);
  }

  public ActivityOptions withRetry(RetryPolicy value) {
    return new ActivityOptions(value, timeout, idempotent);
  }

  public ActivityOptions withTimeout(@Nullable Duration value) {
    return new ActivityOptions(retry, value, idempotent);
  }

  public ActivityOptions withIdempotent(boolean value) {
    return new ActivityOptions(retry, timeout, value);
  }
}
