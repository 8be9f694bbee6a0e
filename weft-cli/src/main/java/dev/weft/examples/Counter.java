package dev.weft.examples;

import dev.weft.InvalidInputException;
import dev.weft.Loop;
import dev.weft.StepContext;
import dev.weft.Transition;

/**
 * {@code counter}: counts from 0 to {@code target}, one committed step per increment, and
 * completes with {@code target}.
 *
 * <pre>
 * weft run counter --run-id c1 --input '{"target": 1000}' --max-steps 400   # PAUSED at 400
 * weft resume counter --run-id c1                                          # COMPLETED, 1000
 * </pre>
 *
 * <p>A run of {@code {"target": N}} takes N steps (one step for N = 0). Kill the process at any
 * moment and {@code weft resume} continues from the last committed count.
 */
public final class Counter implements Loop<Counter.Input, Counter.State, Long> {
  /** The run's input: how far to count. */
  public record Input(long target) {}

  /** The state committed after each step. */
  public record State(long count, long target) {}

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public State start(Input input) {
    if (input.target() < 0) {
      throw new InvalidInputException("target must not be negative, got " + input.target());
    }
    return new State(0, input.target());
  }

  @Override
  public Transition<State, Long> step(State s, StepContext ctx) {
    if (s.count() >= s.target()) {
      return Transition.complete(s.count()); // only for target 0: nothing to count
    }
    long next = s.count() + 1;
    return next == s.target() ? Transition.complete(next)
        : Transition.next(new State(next, s.target()));
  }
}
