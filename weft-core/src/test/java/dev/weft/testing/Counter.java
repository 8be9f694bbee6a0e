package dev.weft.testing;

import dev.weft.Loop;
import dev.weft.StepContext;
import dev.weft.Transition;

/** Counts from 0 to {@code target}, one step per increment. */
public final class Counter implements Loop<Counter.Input, Counter.State, Integer> {
  public record Input(int target) {}

  public record State(int current, int target) {}

  @Override
  public String name() {
    return "test-counter";
  }

  @Override
  public State start(Input input) {
    if (input.target() < 0) {
      throw new IllegalArgumentException("target must not be negative: " + input.target());
    }
    return new State(0, input.target());
  }

  @Override
  public Transition<State, Integer> step(State s, StepContext ctx) {
    if (s.current() >= s.target()) {
      return Transition.complete(s.current());
    }
    return Transition.next(new State(s.current() + 1, s.target()));
  }
}
