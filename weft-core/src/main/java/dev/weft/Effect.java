package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Graph} node asks Weft to do between it and the next node. Results land in the
 * run variables under the effect's result key, where the next node finds them. (A model call,
 * {@code LlmCall}, will join these as one more record.)
 */
public sealed interface Effect {
  /** Nothing: go straight to the next node. */
  record None() implements Effect {}

  /**
   * Managed tool calls, made in order with {@link StepContext#callTool}: exactly once, and in
   * doubt after a crash during a call unless the tool is idempotent.
   */
  record ToolCalls(List<Call> calls) implements Effect {
    public ToolCalls {
      calls = List.copyOf(calls);
      if (calls.isEmpty()) {
        throw new InvalidInputException("a tool_calls effect needs at least one call");
      }
    }
  }

  /** One call of a {@link ToolCalls} effect; its result is stored in {@code vars[resultKey]}. */
  record Call(String tool, JsonNode args, String resultKey) {
    public Call {
      Objects.requireNonNull(tool, "tool");
      Objects.requireNonNull(args, "args");
      checkResultKey(resultKey);
    }
  }

  /** Ask a person (answered with {@code respond}); the answer goes to {@code vars[resultKey]}. */
  record AskUser(String prompt, String resultKey) implements Effect {
    public AskUser {
      Objects.requireNonNull(prompt, "prompt");
      checkResultKey(resultKey);
    }
  }

  /**
   * Wait for the signal {@code key}; its payload goes to {@code vars[resultKey]}. With a
   * timeout, the next node runs when it passes without the signal, and finds JSON null there.
   */
  record WaitEvent(String key, String resultKey, @Nullable Duration timeout) implements Effect {
    public WaitEvent {
      WaitFor.checkKey(key);
      checkResultKey(resultKey);
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new InvalidInputException("a wait_event timeout must be positive, got " + timeout);
      }
    }

    public WaitEvent(String key, String resultKey) {
      this(key, resultKey, null);
    }
  }

  /** Wait until {@code instant} on the run's clock. */
  record WaitUntil(Instant instant) implements Effect {
    public WaitUntil {
      Objects.requireNonNull(instant, "instant");
    }
  }

  /** Start a child run of {@code definition}; defined now, runs fail on it until child runs exist. */
  record StartChild(String definition, JsonNode input, @Nullable String resultKey)
      implements Effect {
    public StartChild {
      Objects.requireNonNull(definition, "definition");
      Objects.requireNonNull(input, "input");
    }
  }

  static Effect none() {
    return new None();
  }

  /** One tool call: {@code args} is any JSON-serializable value. */
  static Effect toolCall(String tool, Object args, String resultKey) {
    return new ToolCalls(List.of(call(tool, args, resultKey)));
  }

  static Effect toolCalls(List<Call> calls) {
    return new ToolCalls(calls);
  }

  static Call call(String tool, Object args, String resultKey) {
    return new Call(tool, args instanceof JsonNode n ? n : Json.tree(args), resultKey);
  }

  static Effect askUser(String prompt, String resultKey) {
    return new AskUser(prompt, resultKey);
  }

  static Effect waitEvent(String key, String resultKey) {
    return new WaitEvent(key, resultKey);
  }

  static Effect waitEvent(String key, String resultKey, Duration timeout) {
    return new WaitEvent(key, resultKey, Objects.requireNonNull(timeout, "timeout"));
  }

  static Effect waitUntil(Instant instant) {
    return new WaitUntil(instant);
  }

  private static void checkResultKey(String key) {
    if (key == null || key.isBlank()) {
      throw new InvalidInputException("an effect's result key must not be blank");
    }
  }
}
