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

  /** The three JSON types of a loop. */
  record Types(Type input, Type state, Type result) {
    /** Resolves {@code Loop<I, S, R>} from a class that implements it with concrete types. */
    public static Types of(Class<?> loopClass) {
      Type[] args = dev.weft.internal.Generics.typeArguments(loopClass, Loop.class);
      return new Types(args[0], args[1], args[2]);
    }
  }
}
