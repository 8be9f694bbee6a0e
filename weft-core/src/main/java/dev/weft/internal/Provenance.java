package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.RunInfo;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.RunRecord;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Where a forked run came from, as its start entry records it. */
final class Provenance {
  private Provenance() {}

  /** The fork point of {@code run}, or null if it is not a fork (only forks are read). */
  static RunInfo.@Nullable ForkedFrom of(Engine engine, RunRecord run) {
    if (run.header().parentRunId() == null) {
      return null;
    }
    List<JournalRecord> first = engine.store().journal(run.key(), 0, 1);
    if (first.isEmpty()) {
      return null;
    }
    JsonNode from = Json.tree(engine.bytes(first.get(0).payload())).path("forked_from");
    if (!from.isObject()) {
      return null;
    }
    JsonNode snapshot = from.path("snapshot");
    return new RunInfo.ForkedFrom(from.path("run").asText(), from.path("step").asLong(),
        snapshot.isTextual() ? snapshot.asText() : null);
  }

  /** The fork point as JSON: {@code {"run", "step"}} and, if any, {@code "snapshot"}. */
  static JsonNode json(RunInfo.ForkedFrom f) {
    var n = Json.object().put("run", f.runId()).put("step", f.step());
    if (f.snapshot() != null) {
      n.put("snapshot", f.snapshot());
    }
    return n;
  }
}
