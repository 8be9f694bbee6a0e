package dev.weft.internal;

import dev.weft.StepContext;
import dev.weft.Wake;
import java.lang.reflect.Type;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The {@link StepContext} of one attempt at one step. */
final class StepCtx implements StepContext {
  private final Engine engine;
  private final String runId;
  private final long step;
  private final int attempt;
  private final ToolCalls calls;
  private final @Nullable Wake wake;

  StepCtx(Engine engine, String runId, long step, int attempt, ToolCalls calls,
      @Nullable Wake wake) {
    this.engine = engine;
    this.runId = runId;
    this.step = step;
    this.attempt = attempt;
    this.calls = calls;
    this.wake = wake;
    calls.enterAttempt(attempt);
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public long step() {
    return step;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public Instant now() {
    return engine.clock().instant();
  }

  @Override
  public @Nullable Wake wake() {
    return wake;
  }

  @Override
  public <R> R callTool(String tool, Object args, Type resultType,
      @Nullable String idempotencyKey) {
    return calls.call(tool, args, resultType, idempotencyKey);
  }
}
