package dev.weft;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a failed attempt is retried and after how long. Immutable; build variants with
 * the {@code withX} methods, e.g. {@code RetryPolicy.defaults().withMaxAttempts(5)}.
 *
 * @param maxAttempts attempts per step, including the first (1 = never retry)
 * @param backoff the delay between attempts
 * @param retryable the error classes that are retried; others fail the run at once
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Set<ErrorClass> retryable) {
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new InvalidInputException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    Objects.requireNonNull(backoff, "backoff");
    retryable = retryable.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryable));
  }

  /** Three attempts, default backoff, only transient errors retried. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(3, Backoff.defaults(), Set.of(ErrorClass.TRANSIENT));
  }

  /** One attempt: every failure fails the run. */
  public static RetryPolicy never() {
    return new RetryPolicy(1, Backoff.none(), Set.of());
  }

  public RetryPolicy withMaxAttempts(int value) {
    return new RetryPolicy(value, backoff, retryable);
  }

  public RetryPolicy withBackoff(Backoff value) {
    return new RetryPolicy(maxAttempts, value, retryable);
  }

  public RetryPolicy withRetryable(ErrorClass... classes) {
    return new RetryPolicy(maxAttempts, backoff, Set.of(classes));
  }

  /**
   * Whether a step that has failed {@code failedAttempts} times, the last time with {@code
   * failure}, gets another attempt.
   */
  public boolean shouldRetry(ErrorClass failure, int failedAttempts) {
    return retryable.contains(failure) && failedAttempts < maxAttempts;
  }
}
