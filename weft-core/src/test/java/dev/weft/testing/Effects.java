package dev.weft.testing;

import dev.weft.Loop;
import dev.weft.StepContext;
import dev.weft.Tool;
import dev.weft.Transition;
import java.util.List;

/**
 * A charge-like loop for worker tests: each of its {@code steps} steps makes one call to the
 * idempotent tool {@code effect}, which hands the run id and step to an {@link Effect} (the test
 * records it somewhere it can count) and returns a value of the effect's choosing (e.g. which
 * process executed it); the state adds the results up in a list, so the journal shows whose
 * result was recorded.
 */
public final class Effects implements Loop<Effects.Input, Effects.State, List<Long>> {
  public record Input(int steps) {}

  public record State(int steps, List<Long> results) {}

  /** The tool's arguments. */
  public record Call(String run, int step) {}

  /** What the tool does. */
  @FunctionalInterface
  public interface Effect {
    long perform(String runId, int step) throws Exception;
  }

  private final Effect effect;

  public Effects(Effect effect) {
    this.effect = effect;
  }

  @Override
  public String name() {
    return "effects";
  }

  @Override
  public List<Tool<?, ?>> tools() {
    return List.of(Tool.idempotent("effect", Call.class, Long.class,
        (c, invocation) -> effect.perform(c.run(), c.step())));
  }

  @Override
  public State start(Input input) {
    return new State(input.steps(), List.of());
  }

  @Override
  public Transition<State, List<Long>> step(State s, StepContext ctx) {
    int step = s.results().size();
    long r = ctx.callTool("effect", new Call(ctx.runId(), step), Long.class);
    List<Long> results = new java.util.ArrayList<>(s.results());
    results.add(r);
    State next = new State(s.steps(), List.copyOf(results));
    return results.size() >= s.steps() ? Transition.complete(next.results())
        : Transition.next(next);
  }
}
