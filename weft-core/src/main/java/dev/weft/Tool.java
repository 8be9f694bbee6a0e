package dev.weft;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A side effect a step performs through {@link StepContext#callTool}. Its intent is journaled
 * (and flushed) before it runs and its result after; a recorded result is reused and never
 * re-executed. If the process dies during a call, the call is in doubt: it is re-executed with
 * the same idempotency key only when the tool is declared {@link #idempotent()}, otherwise the
 * run stops in {@link RunStatus#NEEDS_ATTENTION} until an operator resolves it.
 *
 * @param <A> argument type
 * @param <R> result type
 */
public interface Tool<A, R> {
  String name();

  /** Whether calling twice with the same idempotency key has the effect of calling once. */
  boolean idempotent();

  Type argsType();

  Type resultType();

  /** Performs the effect. Throwing means the effect did not happen. */
  R call(A args, Invocation invocation) throws Exception;

  /** What a tool knows about the call it is serving. */
  record Invocation(String runId, String idempotencyKey, long step, int attempt) {}

  /** The tool function. */
  @FunctionalInterface
  interface Fn<A, R> {
    R call(A args, Invocation invocation) throws Exception;
  }

  /** A tool that must not be repeated after a crash without an operator's decision. */
  static <A, R> Tool<A, R> of(String name, Class<A> args, Class<R> result, Fn<A, R> fn) {
    return new Simple<>(name, false, args, result, fn);
  }

  /** A tool that is safe to repeat with the same idempotency key. */
  static <A, R> Tool<A, R> idempotent(String name, Class<A> args, Class<R> result,
      Fn<A, R> fn) {
    return new Simple<>(name, true, args, result, fn);
  }

  /** A tool from explicit (possibly generic) types. */
  static <A, R> Tool<A, R> of(String name, boolean idempotent, Type args, Type result,
      Fn<A, R> fn) {
    return new Simple<>(name, idempotent, args, result, fn);
  }

  /** The plain implementation behind the factories. */
  record Simple<A, R>(String name, boolean idempotent, Type argsType, Type resultType,
      Fn<A, R> fn) implements Tool<A, R> {
    public Simple {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new InvalidInputException("tool name must not be blank");
      }
      Objects.requireNonNull(argsType, "argsType");
      Objects.requireNonNull(resultType, "resultType");
      Objects.requireNonNull(fn, "fn");
    }

    @Override
    public R call(A args, Invocation invocation) throws Exception {
      return fn.call(args, invocation);
    }
  }
}
