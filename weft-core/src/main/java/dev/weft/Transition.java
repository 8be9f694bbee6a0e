package dev.weft;

import java.util.Objects;

/**
 * What a loop step decided: continue with a new state, wait for something, complete with a
 * result, or fail.
 *
 * @param <S> the loop's state type
 * @param <R> the loop's result type
 */
public sealed interface Transition<S, R> {
  /** Continue: the next step starts from {@code state}. */
  record Next<S, R>(S state) implements Transition<S, R> {
    public Next {
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Commit {@code state} like {@link Next}, then wait for {@code waitFor} without a thread or a
   * lease. The next step starts from {@code state} and sees what woke it in {@link
   * StepContext#wake()}.
   */
  record Wait<S, R>(S state, WaitFor waitFor) implements Transition<S, R> {
    public Wait {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(waitFor, "waitFor");
    }
  }

  /** The run completed with {@code result}. */
  record Complete<S, R>(R result) implements Transition<S, R> {
    public Complete {
      Objects.requireNonNull(result, "result");
    }
  }

  /** The run failed on purpose; it is not retried (use an exception for retryable errors). */
  record Fail<S, R>(Failure failure) implements Transition<S, R> {
    public Fail {
      Objects.requireNonNull(failure, "failure");
    }
  }

  static <S, R> Transition<S, R> next(S state) {
    return new Next<>(state);
  }

  /** Commits {@code state} and waits for {@code waitFor}; see {@link Wait}. */
  static <S, R> Transition<S, R> await(S state, WaitFor waitFor) {
    return new Wait<>(state, waitFor);
  }

  static <S, R> Transition<S, R> complete(R result) {
    return new Complete<>(result);
  }

  static <S, R> Transition<S, R> fail(ErrorClass errorClass, String message) {
    return new Fail<>(Failure.of(errorClass, message));
  }

  static <S, R> Transition<S, R> fail(String message) {
    return fail(ErrorClass.BUSINESS, message);
  }
}
