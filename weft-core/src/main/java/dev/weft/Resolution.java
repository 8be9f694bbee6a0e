package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** How an operator settles a tool call that is in doubt after a crash. */
public sealed interface Resolution {
  /** Call the tool again (the operator checked the effect did not happen). */
  record Retry() implements Resolution {}

  /** Use this as the call's result (the operator checked the effect happened). */
  record Result(JsonNode value) implements Resolution {
    public Result {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Fail the call; the step fails with a non-retryable error and so does the run. */
  record Fail(String message) implements Resolution {
    public Fail {
      Objects.requireNonNull(message, "message");
    }
  }

  static Resolution retry() {
    return new Retry();
  }

  static Resolution result(JsonNode value) {
    return new Result(value);
  }

  static Resolution fail(String message) {
    return new Fail(message);
  }

  default String action() {
    return switch (this) {
      case Retry r -> "retry";
      case Result r -> "result";
      case Fail f -> "fail";
    };
  }
}
