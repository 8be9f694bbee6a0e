package dev.weft.workflow;

import dev.weft.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * How a workflow run is started.
 *
 * @param runId the run's id, chosen by the caller (an idempotency key: starting an existing id
 *     returns that run), or null for a generated one
 * @param owner whose run it is, for {@link Workflows#progress}, or null
 */
public record StartOptions(@Nullable String runId, @Nullable String owner) {
  public StartOptions {
    if (owner != null && owner.isBlank()) {
      throw new InvalidInputException("owner must not be blank");
    }
  }

  public static StartOptions defaults() {
    return new StartOptions(null, null);
  }

  public static StartOptions id(String runId) {
    return new StartOptions(runId, null);
  }

  public StartOptions withRunId(@Nullable String value) {
    return new StartOptions(value, owner);
  }

  public StartOptions withOwner(@Nullable String value) {
    return new StartOptions(runId, value);
  }
}
