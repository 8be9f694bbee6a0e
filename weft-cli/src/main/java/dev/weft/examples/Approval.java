package dev.weft.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Loop;
import dev.weft.StepContext;
import dev.weft.Transition;
import dev.weft.WaitFor;
import dev.weft.Wake;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code approval}: asks a person whether to approve {@code request}, waits for the answer
 * without holding a thread, and completes with {@code {"approved": true|false}}. The answer is
 * an object with a boolean {@code approved} field, or a yes/no text; anything else is asked
 * again.
 *
 * <pre>
 * weft run approval --run-id a1 --input '{"request": "refund order 7"}'   # WAITING
 * weft get --run-id a1                                                     # shows the prompt
 * weft respond --run-id a1 --payload '{"approved": true}'                  # or '"yes"'
 * weft resume approval --run-id a1                  # COMPLETED, {"approved":true}
 * </pre>
 */
public final class Approval implements Loop<Approval.Input, Approval.State, Approval.Result> {
  /** What to approve. */
  public record Input(@Nullable String request) {}

  /** The prompt, and how often it was asked. */
  public record State(String prompt, int asked) {}

  /** The decision. */
  public record Result(boolean approved) {}

  private static final Set<String> YES = Set.of("yes", "y", "true", "approve", "approved",
      "ok");
  private static final Set<String> NO = Set.of("no", "n", "false", "reject", "rejected",
      "deny", "denied");

  @Override
  public String name() {
    return "approval";
  }

  @Override
  public State start(Input input) {
    String what = input.request() == null || input.request().isBlank() ? "this request"
        : input.request();
    return new State("Approve " + what + "? Answer {\"approved\": true|false} or yes/no.", 0);
  }

  @Override
  public Transition<State, Result> step(State s, StepContext ctx) {
    if (ctx.wake() instanceof Wake.SignalReceived answer) {
      Boolean approved = decision(answer.payload());
      if (approved != null) {
        return Transition.complete(new Result(approved));
      }
    }
    String prompt = s.asked() == 0 ? s.prompt()
        : "Could not read that answer. " + s.prompt();
    return Transition.await(new State(s.prompt(), s.asked() + 1), WaitFor.askUser(prompt));
  }

  /** The decision an answer expresses, or null if it expresses none. */
  static @Nullable Boolean decision(JsonNode answer) {
    JsonNode value = answer.isObject() ? answer.path("approved") : answer;
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      String text = value.asText().trim().toLowerCase(Locale.ROOT);
      if (YES.contains(text)) {
        return true;
      }
      if (NO.contains(text)) {
        return false;
      }
    }
    return null;
  }
}
