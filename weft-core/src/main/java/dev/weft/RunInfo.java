package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Json;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a run as the store holds it.
 *
 * @param runId the run's id
 * @param definition the definition's name and version
 * @param status the run's status
 * @param steps the number of committed steps
 * @param state the latest committed state
 * @param result the result, once completed
 * @param failure the failure, once failed
 * @param detail what the run waits for, or why it needs attention
 * @param times when it was created and last changed
 * @param holder the lease holder, if an executor holds the run
 */
public record RunInfo(String runId, DefinitionRef definition, RunStatus status, long steps,
    @Nullable JsonNode state, @Nullable JsonNode result, @Nullable Failure failure,
    @Nullable JsonNode detail, Times times, @Nullable String holder) {
  public RunInfo {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(times, "times");
  }

  /**
   * A definition's name and version, and the run it was forked or started from.
   *
   * @param name the definition's name
   * @param version the definition's version
   * @param parentRunId the run this one was forked or started from, if any
   * @param forkedFrom where in the parent it was forked, if it is a fork
   */
  public record DefinitionRef(String name, int version, @Nullable String parentRunId,
      @Nullable ForkedFrom forkedFrom) {
    /** A definition of a run that is not a fork. */
    public DefinitionRef(String name, int version, @Nullable String parentRunId) {
      this(name, version, parentRunId, null);
    }
  }

  /**
   * The provenance of a forked run, as its start entry records it.
   *
   * @param runId the run it was forked from
   * @param step the step it was forked at (it executed step {@code step} first)
   * @param snapshot the snapshot it was forked from, if it was
   */
  public record ForkedFrom(String runId, long step, @Nullable String snapshot) {
    public ForkedFrom {
      Objects.requireNonNull(runId, "runId");
    }
  }

  /** Creation and last-change times. */
  public record Times(Instant created, Instant updated) {}

  /** The result as {@code type}; fails if the run has not completed. */
  public <T> T result(Class<T> type) {
    return result((Type) type);
  }

  public <T> T result(Type type) {
    if (result == null) {
      throw new IllegalRunStateException(runId, status, "it has no result"
          + (failure != null ? " (failed: " + failure.message() + ")" : ""));
    }
    return Json.convert(result, type, "result of run '" + runId + "'");
  }

  /** The latest state as {@code type}. */
  public <T> T state(Class<T> type) {
    return state((Type) type);
  }

  /** The latest state as a (possibly generic) {@code type}. */
  public <T> T state(Type type) {
    if (state == null) {
      throw new IllegalRunStateException(runId, status, "it has no state");
    }
    return Json.convert(state, type, "state of run '" + runId + "'");
  }
}
