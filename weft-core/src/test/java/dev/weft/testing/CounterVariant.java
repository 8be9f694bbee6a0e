package dev.weft.testing;

import dev.weft.Loop;
import dev.weft.StepContext;
import dev.weft.Transition;

/**
 * The {@link Counter}'s steps under another name, version or options: subclasses override what
 * differs.
 */
public abstract class CounterVariant implements Loop<Counter.Input, Counter.State, Integer> {
  private final Counter counter = new Counter();

  @Override
  public String name() {
    return counter.name();
  }

  @Override
  public Counter.State start(Counter.Input input) {
    return counter.start(input);
  }

  @Override
  public Transition<Counter.State, Integer> step(Counter.State s, StepContext ctx) {
    return counter.step(s, ctx);
  }
}
