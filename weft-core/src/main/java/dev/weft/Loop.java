package dev.weft;

import java.lang.reflect.Type;
import java.util.List;

/**
 * A durable state-machine loop: {@link #step} turns the current state into a {@link Transition}
 * until the run completes or fails. Each step is committed atomically with its new state, so a
 * crash resumes at the first uncommitted step and never repeats a committed one.
 *
 * <p>Input, state and result go through JSON (records, collections and generics work); their
 * types are read from the implementing class's {@code Loop<I, S, R>} type arguments unless
 * {@link #types()} is overridden.
 *
 * @param <I> input type
 * @param <S> state type
 * @param <R> result type
 */
public interface Loop<I, S, R> extends Definition {
  /** The initial state for a run started with {@code input}. */
  S start(I input) throws Exception;

  /** One step: from the current state to the next transition. */
  Transition<S, R> step(S state, StepContext ctx) throws Exception;

  /** Checkpoint and retry policies for every run of this loop. */
  default LoopOptions options() {
    return LoopOptions.defaults();
  }

  /** The tools {@link StepContext#callTool} may call, by name. */
  default List<Tool<?, ?>> tools() {
    return List.of();
  }

  /** The input, state and result types; by default the class's type arguments. */
  default Types types() {
    return Types.of(getClass());
  }

  /** Computes a loop's initial state from its input. */
  @FunctionalInterface
  interface Start<I, S> {
    S start(I input) throws Exception;
  }

  /** One step of a loop. */
  @FunctionalInterface
  interface Step<S, R> {
    Transition<S, R> step(S state, StepContext ctx) throws Exception;
  }

  /**
   * A loop from two functions, for when a class would be ceremony:
   *
   * <pre>{@code
   * Loop<Integer, Integer, Integer> countdown = Loop.of("countdown",
   *     Integer.class, Integer.class, Integer.class,
   *     n -> n,
   *     (n, ctx) -> n == 0 ? Transition.complete(0) : Transition.next(n - 1));
   * }</pre>
   */
  static <I, S, R> Loop<I, S, R> of(String name, Class<I> input, Class<S> state,
      Class<R> result, Start<I, S> start, Step<S, R> step) {
    return of(name, new Types(input, state, result), LoopOptions.defaults(), List.of(), start,
        step);
  }

  /** A loop from functions with explicit (possibly generic) types, options and tools. */
  static <I, S, R> Loop<I, S, R> of(String name, Types types, LoopOptions options,
      List<Tool<?, ?>> tools, Start<I, S> start, Step<S, R> step) {
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(start, "start");
    java.util.Objects.requireNonNull(step, "step");
    List<Tool<?, ?>> toolList = List.copyOf(tools);
    return new Loop<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public S start(I in) throws Exception {
        return start.start(in);
      }

      @Override
      public Transition<S, R> step(S s, StepContext ctx) throws Exception {
        return step.step(s, ctx);
      }

      @Override
      public LoopOptions options() {
        return options;
      }

      @Override
      public List<Tool<?, ?>> tools() {
        return toolList;
      }

      @Override
      public Types types() {
        return types;
      }
    };
  }

  /** The three JSON types of a loop. */
  record Types(Type input, Type state, Type result) {
    /** Resolves {@code Loop<I, S, R>} from a class that implements it with concrete types. */
    public static Types of(Class<?> loopClass) {
      Type[] args = dev.weft.internal.Generics.typeArguments(loopClass, Loop.class);
      return new Types(args[0], args[1], args[2]);
    }
  }
}
