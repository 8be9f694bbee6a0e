package dev.weft;

import java.lang.reflect.Type;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What a loop step can see and do besides computing its next state. */
public interface StepContext {
  String runId();

  /** The 0-based index of the step being executed. */
  long step();

  /** The 1-based attempt number of this step; it continues across process restarts. */
  int attempt();

  /** The current time from Weft's injected clock. */
  Instant now();

  /**
   * What woke the run before this step, if the previous step ended with {@link
   * Transition#await}; null for every other step. Every attempt of the step, and a resume after
   * a crash during it, sees the same wake.
   */
  @Nullable Wake wake();

  /**
   * Calls a managed tool. The call is keyed by step and call order within the step, so a retry
   * or a resume after a crash gets the recorded result instead of calling again.
   */
  default <R> R callTool(String tool, Object args, Class<R> resultType) {
    return callTool(tool, args, (Type) resultType, null);
  }

  /**
   * Calls a managed tool with a caller-chosen idempotency key. The key is scoped to this run: the
   * same key in another run never matches this call.
   */
  default <R> R callTool(String tool, Object args, Class<R> resultType,
      @Nullable String idempotencyKey) {
    return callTool(tool, args, (Type) resultType, idempotencyKey);
  }

  /** The general form, for generic result types. */
  <R> R callTool(String tool, Object args, Type resultType, @Nullable String idempotencyKey);
}
