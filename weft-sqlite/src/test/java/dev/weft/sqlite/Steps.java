package dev.weft.sqlite;

import dev.weft.Loop;
import dev.weft.LoopOptions;
import dev.weft.StepContext;
import dev.weft.Tool;
import dev.weft.Transition;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A loop of {@code target} steps (then one completing step) whose every step first runs an
 * action the test supplies. What the action returns is appended to the state's log, and the log
 * is the result, so a test sees exactly what each committed step received.
 */
final class Steps implements Loop<Steps.Input, Steps.State, List<String>> {
  record Input(int target) {}

  record State(int done, int target, List<String> log) {}

  /** What a step does before it moves on; may call tools and throw. */
  @FunctionalInterface
  interface Action {
    @Nullable String run(StepContext ctx, State state) throws Exception;
  }

  private final String name;
  private final Action action;
  private final List<Tool<?, ?>> tools;
  private final LoopOptions options;

  Steps(String name, Action action, LoopOptions options, List<Tool<?, ?>> tools) {
    this.name = name;
    this.action = action;
    this.options = options;
    this.tools = tools;
  }

  Steps(Action action, Tool<?, ?>... tools) {
    this("steps", action, LoopOptions.defaults(), List.of(tools));
  }

  Steps withOptions(LoopOptions value) {
    return new Steps(name, action, value, tools);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public LoopOptions options() {
    return options;
  }

  @Override
  public List<Tool<?, ?>> tools() {
    return tools;
  }

  @Override
  public State start(Input input) {
    return new State(0, input.target(), List.of());
  }

  @Override
  public Transition<State, List<String>> step(State s, StepContext ctx) throws Exception {
    if (s.done() >= s.target()) {
      return Transition.complete(s.log());
    }
    String out = action.run(ctx, s);
    List<String> log = new ArrayList<>(s.log());
    if (out != null) {
      log.add(out);
    }
    return Transition.next(new State(s.done() + 1, s.target(), log));
  }
}
