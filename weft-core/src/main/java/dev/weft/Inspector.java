package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Engine;
import dev.weft.internal.Explainer;
import dev.weft.internal.HashChain;
import dev.weft.internal.Json;
import dev.weft.internal.Verifier;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.Payload;
import dev.weft.spi.RunQuery;
import dev.weft.spi.RunRecord;
import dev.weft.spi.ToolCallRow;
import java.time.Instant;
import java.util.List;

/**
 * Read-only views of runs: lists, journals, attempts, tool calls, explanations and journal
 * verification. Needs only the store, never the definitions' code. Every list is paged.
 */
public final class Inspector {
  private final Engine engine;

  Inspector(Engine engine) {
    this.engine = engine;
  }

  public List<RunInfo> list(RunQuery query) {
    return engine.store().list(query).stream().map(engine::info).toList();
  }

  public RunInfo get(String runId) {
    return engine.info(find(runId));
  }

  /** Journal entries from position {@code offset} (0-based), at most {@code limit}. */
  public List<JournalEntry> history(String runId, long offset, int limit) {
    checkPage(offset, limit);
    RunRecord run = find(runId);
    return engine.store().journal(run.key(), offset, limit).stream().map(this::entry).toList();
  }

  public List<Attempt> attempts(String runId, long offset, int limit) {
    checkPage(offset, limit);
    RunRecord run = find(runId);
    return engine.store().attempts(run.key(), offset, limit).stream()
        .map(a -> new Attempt(a.step(), a.attempt(), Instant.ofEpochMilli(a.startedMillis()),
            Instant.ofEpochMilli(a.endedMillis()), a.outcome().name(), a.failure()))
        .toList();
  }

  public List<ToolCall> toolCalls(String runId, long offset, int limit) {
    checkPage(offset, limit);
    RunRecord run = find(runId);
    return engine.store().toolCalls(run.key(), offset, limit).stream()
        .map(row -> toolCall(run, row)).toList();
  }

  /** A structured account of the run: where it is, what happened, what to do next. */
  public JsonNode explain(String runId) {
    return new Explainer(engine).explain(find(runId));
  }

  /** Checks the run's journal against its hash chain, count and head. */
  public Verification verify(String runId) {
    return new Verifier(engine).verify(find(runId));
  }

  private ToolCall toolCall(RunRecord run, ToolCallRow row) {
    JsonNode intent = payloadAt(run, row.intentSeq());
    JsonNode outcome = row.resultSeq() == null ? null : payloadAt(run, row.resultSeq());
    JsonNode result = outcome != null && outcome.has("result") ? outcome.get("result") : null;
    Failure failure = outcome != null && outcome.has("failure")
        ? dev.weft.internal.Failures.fromJson(outcome.get("failure")) : null;
    return new ToolCall(row.key(), row.tool(), row.step(), row.status().name(),
        intent == null ? Json.object() : intent.path("args"), result, failure,
        Instant.ofEpochMilli(row.startedMillis()),
        row.endedMillis() == null ? null : Instant.ofEpochMilli(row.endedMillis()));
  }

  private JsonNode payloadAt(RunRecord run, long seq) {
    List<JournalRecord> e = engine.store().journal(run.key(), seq - 1, 1);
    return e.isEmpty() ? null : engine.json(e.get(0).payload());
  }

  private JournalEntry entry(JournalRecord r) {
    String blob = r.payload() instanceof Payload.BlobRef b ? b.hash() : null;
    byte[] bytes = engine.bytes(r.payload());
    return new JournalEntry(r.seq(), r.kind().name(), r.step(), Instant.ofEpochMilli(r.atMillis()),
        bytes.length == 0 ? null : Json.tree(bytes), bytes.length, blob, HashChain.hex(r.hash()));
  }

  private RunRecord find(String runId) {
    return engine.store().find(runId).orElseThrow(() -> new RunNotFoundException(runId));
  }

  private static void checkPage(long offset, int limit) {
    if (offset < 0) {
      throw new InvalidInputException("offset must not be negative, got " + offset);
    }
    if (limit < 1 || limit > 10_000) {
      throw new InvalidInputException("limit must be within 1..10000, got " + limit);
    }
  }
}
