package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Failure;
import dev.weft.InvalidInputException;
import dev.weft.StoreException;
import dev.weft.Tool;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.RunUpdate;
import dev.weft.spi.ToolCallRow;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Managed tool calls of one run: intent journaled and flushed before the call, result after;
 * recorded results reused; in-doubt calls re-executed only for idempotent tools.
 */
final class ToolCalls {
  /**
   * Thrown through user code when a call is in doubt. An {@link Error}, so that a step's
   * {@code catch (Exception e)} does not swallow the runtime's control flow; and remembered, so
   * that even a step that catches {@code Throwable} cannot hide it.
   */
  static final class InDoubt extends Error {
    final String key;
    final String tool;

    InDoubt(String key, String tool) {
      super("tool call '" + key + "' of '" + tool + "' is in doubt", null, false, false);
      this.key = key;
      this.tool = tool;
    }
  }

  private final Engine engine;
  private final Tools tools;
  private final RunWriter writer;
  private final long runKey;
  private final String runId;
  private final Map<String, ToolCallRow> known = new HashMap<>();
  private long step = -1;
  private int attempt;
  private int ordinal;
  private boolean firstStep = true;
  private @Nullable InDoubt doubt;

  ToolCalls(Engine engine, Tools tools, RunWriter writer, long runKey, String runId) {
    this.engine = engine;
    this.tools = tools;
    this.writer = writer;
    this.runKey = runKey;
    this.runId = runId;
  }

  /** Starts a step. Only the first step of an execution can have calls recorded before. */
  void enterStep(long newStep) {
    step = newStep;
    known.clear();
    if (firstStep) {
      firstStep = false;
      List<ToolCallRow> rows = engine.store().toolCallsOfStep(runKey, newStep);
      for (ToolCallRow r : rows) {
        known.put(r.key(), r);
      }
    }
  }

  /** The run has made no call yet, so there is nothing to load for its first step. */
  void assumeNoRecordedCalls() {
    firstStep = false;
  }

  void enterAttempt(int newAttempt) {
    attempt = newAttempt;
    ordinal = 0;
    doubt = null;
  }

  /** The in-doubt signal raised during the attempt, even if user code swallowed it. */
  @Nullable InDoubt doubt() {
    return doubt;
  }

  @SuppressWarnings("unchecked")
  <R> R call(String toolName, Object args, Type resultType, @Nullable String userKey) {
    Tool<Object, Object> tool = tools.get(toolName);
    if (userKey != null && userKey.isBlank()) {
      throw new InvalidInputException("idempotency key must not be blank");
    }
    String key = userKey == null ? "s" + step + ".c" + ordinal++ : "u:" + userKey;
    ToolCallRow row = known.get(key);
    if (row == null && userKey != null) {
      row = engine.store().toolCall(runKey, key).orElse(null);
    }
    if (row != null && !row.tool().equals(toolName)) {
      throw new InvalidInputException("call '" + key + "' was recorded for tool '" + row.tool()
          + "' but is now made to '" + toolName + "'; a step must make the same calls in the"
          + " same order on every attempt");
    }
    if (row != null) {
      switch (row.status()) {
        case DONE -> {
          return (R) recordedResult(row, resultType);
        }
        case PENDING -> {
          if (!tool.idempotent()) {
            doubt = new InDoubt(key, toolName);
            throw doubt;
          }
          return (R) execute(tool, key, args, resultType, row);
        }
        case FAILED -> {
          return (R) execute(tool, key, args, resultType, null);
        }
      }
    }
    return (R) execute(tool, key, args, resultType, null);
  }

  private Object recordedResult(ToolCallRow row, Type resultType) {
    if (row.resultSeq() == null) {
      throw new StoreException("tool call '" + row.key() + "' is DONE without a result entry");
    }
    List<JournalRecord> e = engine.store().journal(runKey, row.resultSeq() - 1, 1);
    if (e.isEmpty()) {
      throw new StoreException("result entry " + row.resultSeq() + " of call '" + row.key()
          + "' is missing from the journal");
    }
    JsonNode result = Json.tree(engine.bytes(e.get(0).payload())).path("result");
    return Json.convert(result, resultType, "recorded result of call '" + row.key() + "'");
  }

  private Object execute(Tool<Object, Object> tool, String key, Object args, Type resultType,
      @Nullable ToolCallRow existing) {
    JsonNode argsTree;
    try {
      argsTree = Json.tree(args);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("arguments of call to '" + tool.name()
          + "' cannot be serialized to JSON: " + e.getMessage(), e);
    }
    Object typedArgs = Json.convert(argsTree, tool.argsType(), "arguments of '" + tool.name()
        + "'");
    ToolCallRow row = existing;
    if (row == null) {
      long now = engine.clock().millis();
      long seq = writer.append(EntryKind.TOOL_INTENT, step, now,
          Entries.toolIntent(key, tool.name(), argsTree));
      row = new ToolCallRow(key, tool.name(), step, ToolCallRow.Status.PENDING, seq, null, now,
          null);
      writer.toolCall(row);
      // The intent must be on stable storage before the effect can start.
      writer.commit(running(), true);
      known.put(key, row);
    }
    Object result;
    try {
      result = tool.call(typedArgs, new Tool.Invocation(runId, runId + "/" + key, step,
          attempt));
    } catch (Exception e) {
      Failure failure = Failure.of(e);
      long now = engine.clock().millis();
      long seq = writer.append(EntryKind.TOOL_FAILED, step, now,
          Entries.toolFailed(key, failure));
      ToolCallRow failed = new ToolCallRow(key, tool.name(), step, ToolCallRow.Status.FAILED,
          row.intentSeq(), seq, row.startedMillis(), now);
      writer.toolCall(failed);
      writer.commit(running(), false);
      known.put(key, failed);
      throw sneaky(e);
    }
    JsonNode resultTree = Json.tree(result);
    long now = engine.clock().millis();
    long seq = writer.append(EntryKind.TOOL_RESULT, step, now,
        Entries.toolResult(key, resultTree));
    ToolCallRow done = new ToolCallRow(key, tool.name(), step, ToolCallRow.Status.DONE,
        row.intentSeq(), seq, row.startedMillis(), now);
    writer.toolCall(done);
    writer.commit(running(), false);
    known.put(key, done);
    return Json.convert(resultTree, resultType, "result of '" + tool.name() + "'");
  }

  private RunUpdate running() {
    return RunUpdate.progress(step, null);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
