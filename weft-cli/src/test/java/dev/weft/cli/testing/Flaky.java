package dev.weft.cli.testing;

import dev.weft.Loop;
import dev.weft.StepContext;
import dev.weft.Transition;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code test-flaky}: two steps; the second fails (without retries) while the marker file
 * exists, so a test can make a run FAILED, remove the cause, and retry it.
 */
public final class Flaky implements Loop<Flaky.Input, Flaky.State, String> {
  public record Input(String marker) {}

  public record State(String marker, int step) {}

  @Override
  public String name() {
    return "test-flaky";
  }

  @Override
  public State start(Input input) {
    return new State(input.marker(), 0);
  }

  @Override
  public Transition<State, String> step(State s, StepContext ctx) {
    if (s.step() == 0) {
      return Transition.next(new State(s.marker(), 1));
    }
    if (Files.exists(Path.of(s.marker()))) {
      return Transition.fail("marker " + s.marker() + " is present");
    }
    return Transition.complete("recovered");
  }
}
