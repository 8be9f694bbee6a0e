package dev.weft.workflow;

import dev.weft.InvalidInputException;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A side effect a workflow calls through {@link WorkflowContext#activity}: its intent is
 * journaled (and flushed) before it runs and its result after, so a recorded activity never runs
 * again. Each attempt runs on its own virtual thread; one that outlives its options' timeout is
 * interrupted and recorded as timed out. An activity that was running when its process died is
 * in doubt: run again with the same idempotency key if {@link ActivityOptions#idempotent}, else
 * the run stops in NEEDS_ATTENTION for an operator ({@code weft resolve}).
 *
 * @param name the name recorded and compared on replay
 * @param resultType the JSON type of its result
 * @param options attempts, backoff, timeout, idempotency
 * @param fn the effect
 */
public record Activity<A, R>(String name, Type resultType, ActivityOptions options,
    Fn<A, R> fn) {
  public Activity {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("an activity needs a name");
    }
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(fn, "fn");
  }

  /** An activity with default options. */
  public static <A, R> Activity<A, R> of(String name, Type resultType, Fn<A, R> fn) {
    return new Activity<>(name, resultType, ActivityOptions.defaults(), fn);
  }

  /** An activity that sees its invocation (idempotency key, attempt). */
  public static <A, R> Activity<A, R> of(String name, Type resultType, ActivityOptions options,
      Fn<A, R> fn) {
    return new Activity<>(name, resultType, options, fn);
  }

  public Activity<A, R> withOptions(ActivityOptions value) {
    return new Activity<>(name, resultType, value, fn);
  }

  /** The effect, given its arguments. */
  @FunctionalInterface
  public interface Fn<A, R> {
    R apply(A args, Invocation invocation) throws Exception;
  }

  /** A step's body with a result. */
  @FunctionalInterface
  public interface Fn0<R> {
    R get() throws Exception;
  }

  /** A step's body without a result. */
  @FunctionalInterface
  public interface Run0 {
    void run() throws Exception;
  }

  /**
   * One attempt of an activity: the key that stays the same across its attempts and re-runs
   * (pass it to services that deduplicate), and the attempt number.
   */
  public record Invocation(String runId, String idempotencyKey, int attempt) {}
}
