package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Json;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A named copy of a run's state at a committed step. A run can be forked from it ({@link
 * Weft#fork}) whatever the run did afterwards.
 *
 * @param runId the run it was taken of
 * @param name its name, unique within that run
 * @param description free text, if any
 * @param tags its tags
 * @param step the number of steps the run had committed in this state: a fork of it executes
 *     step {@code step} next
 * @param state the state
 * @param created when it was taken
 */
public record Snapshot(String runId, String name, @Nullable String description,
    List<String> tags, long step, JsonNode state, Instant created) {
  public Snapshot {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(name, "name");
    tags = List.copyOf(tags);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(created, "created");
  }

  /** The state as {@code type}. */
  public <T> T state(Class<T> type) {
    return state((Type) type);
  }

  /** The state as a (possibly generic) {@code type}. */
  public <T> T state(Type type) {
    return Json.convert(state, type, "state of snapshot '" + name + "' of run '" + runId + "'");
  }
}
