package dev.weft.examples;

import dev.weft.InvalidInputException;
import dev.weft.Loop;
import dev.weft.StepContext;
import dev.weft.Transition;
import dev.weft.WaitFor;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@code reminder}: sleeps {@code seconds} (holding no thread), then completes with its
 * message. Under a running {@code weft worker} it completes on time; a worker started after the
 * time has come completes it at once.
 *
 * <pre>
 * weft run reminder --run-id m1 --input '{"seconds": 5, "message": "stretch"}'   # WAITING
 * weft worker                                       # completes m1 five seconds after it began
 * </pre>
 */
public final class Reminder implements Loop<Reminder.Input, Reminder.State, Reminder.Result> {
  /** How long to wait, and what to say then. */
  public record Input(long seconds, @Nullable String message) {}

  /** Whether the sleep has begun. */
  public record State(long seconds, String message, boolean slept) {}

  /** What the reminder says, and how long it waited. */
  public record Result(String message, long seconds) {}

  @Override
  public String name() {
    return "reminder";
  }

  @Override
  public State start(Input input) {
    if (input.seconds() < 0) {
      throw new InvalidInputException("seconds must not be negative, got " + input.seconds());
    }
    return new State(input.seconds(), input.message() == null ? "reminder" : input.message(),
        false);
  }

  @Override
  public Transition<State, Result> step(State s, StepContext ctx) {
    if (s.slept()) {
      return Transition.complete(new Result(s.message(), s.seconds()));
    }
    return Transition.await(new State(s.seconds(), s.message(), true),
        WaitFor.sleep(Duration.ofSeconds(s.seconds())));
  }
}
