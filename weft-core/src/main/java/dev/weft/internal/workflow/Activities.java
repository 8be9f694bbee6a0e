package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ErrorClass;
import dev.weft.Failure;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.internal.Entries;
import dev.weft.internal.Failures;
import dev.weft.internal.Json;
import dev.weft.spi.AttemptRecord;
import dev.weft.spi.EntryKind;
import dev.weft.spi.SignalRecord;
import dev.weft.spi.ToolCallRow;
import dev.weft.spi.Wakeup;
import dev.weft.workflow.Activity;
import dev.weft.workflow.ActivityOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Executes activities as managed effects: the intent (a tool call row and its entry) is flushed
 * before the first attempt; each attempt runs on its own virtual thread and is interrupted at
 * its timeout; failed attempts are recorded and retried with backoff; the outcome is journaled.
 * An activity whose intent has no outcome was in flight when an executor stopped: it runs again
 * (same key) if idempotent, otherwise the run needs attention.
 */
final class Activities {
  private final Execution x;

  Activities(Execution x) {
    this.x = x;
  }

  static String key(int pos) {
    return "a" + pos;
  }

  void execute(int pos, ObjectNode entry, Activity<Object, Object> activity, Object args,
      @Nullable Recorded existing) {
    String key = key(pos);
    String name = activity.name();
    ActivityOptions options = activity.options();
    long started0 = x.now();
    int attempt;
    long intentSeq;
    if (existing == null) {
      x.checkpoint(pos);
      entry.put("key", key);
      intentSeq = x.append(EntryKind.TOOL_INTENT, pos, entry);
      x.writer.toolCall(new ToolCallRow(key, name, pos, ToolCallRow.Status.PENDING, intentSeq,
          null, started0, null));
      x.commitProgress(true); // the intent is on stable storage before the effect can start
      attempt = 0;
    } else {
      attempt = x.store.attemptSummary(x.run.key(), pos).last();
      ToolCallRow row = x.store.toolCall(x.run.key(), key).orElseThrow(() ->
          new StoreException("activity '" + name + "' at position " + pos + " has an intent"
              + " but no tool call row " + key));
      intentSeq = row.intentSeq();
      if (!existing.rerun) {
        if (!options.idempotent()) {
          needsAttention(pos, key, name, attempt + 1);
        }
        // In doubt but idempotent: record the interrupted attempt, run it again, same key.
        attempt++;
        x.writer.attempt(new AttemptRecord(pos, attempt, x.run.updatedMillis(), started0,
            AttemptRecord.Outcome.INTERRUPTED, Failure.of(ErrorClass.TRANSIENT,
                "the executor stopped during this activity")));
      }
      if (existing.rerun) {
        entry.put("key", key);
        entry.put("again", true);
        x.append(EntryKind.TOOL_INTENT, pos, entry);
      }
      x.writer.toolCall(new ToolCallRow(key, name, pos, ToolCallRow.Status.PENDING,
          row.intentSeq(), null, row.startedMillis(), null));
      x.commitProgress(true);
    }
    while (true) {
      attempt++;
      if (x.runtime.cancelling.contains(x.runId())) {
        Optional<SignalRecord> cancel = x.pendingCancel();
        if (cancel.isPresent()) {
          finish(pos, key, name, intentSeq, attempt - 1, Failure.of(ErrorClass.BUSINESS,
              "cancelled"), cancel.get());
          return;
        }
      }
      long started = x.now();
      Object[] result = new Object[1];
      Failure failure = attempt(activity, args, new Activity.Invocation(x.runId(),
          x.runId() + "/" + key, attempt), result);
      long ended = x.now();
      if (failure == null) {
        ObjectNode e = Json.object();
        e.put("key", key);
        JsonNode tree;
        try {
          tree = Json.tree(result[0]);
        } catch (IllegalArgumentException ex) {
          failure = Failure.of(ErrorClass.VALIDATION, "result of activity '" + name
              + "' cannot be serialized to JSON: " + ex.getMessage());
          finish(pos, key, name, intentSeq, attempt, failure, null);
          return;
        }
        e.set("result", tree);
        long seq = x.append(EntryKind.TOOL_RESULT, pos, e);
        x.writer.toolCall(new ToolCallRow(key, name, pos, ToolCallRow.Status.DONE, intentSeq, seq,
            started0, ended));
        x.commitProgress(false);
        return;
      }
      x.writer.attempt(new AttemptRecord(pos, attempt, started, ended,
          AttemptRecord.Outcome.FAILED, failure));
      Optional<SignalRecord> cancel = x.runtime.cancelling.contains(x.runId())
          ? x.pendingCancel() : Optional.empty();
      if (cancel.isPresent()) {
        finish(pos, key, name, intentSeq, attempt, failure, cancel.get());
        return;
      }
      if (!options.retry().shouldRetry(failure.errorClass(), attempt)) {
        finish(pos, key, name, intentSeq, attempt, failure, null);
        return;
      }
      x.commitProgress(true);
      Duration delay = options.retry().backoff().delay(attempt, x.engine.random());
      try {
        x.engine.clock().sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted during the backoff of activity '" + name + "'");
      }
      x.checkpoint(pos);
    }
  }

  /** Records the activity's last failure (or its cancellation, consuming the cancel signal). */
  private void finish(int pos, String key, String name, long intentSeq, int attempts,
      Failure failure, @Nullable SignalRecord cancel) {
    ObjectNode e = Json.object();
    e.put("key", key);
    Failure f = cancel == null ? failure : Failure.of(ErrorClass.BUSINESS,
        reason(cancel));
    e.set("failure", Failures.toJson(f));
    e.put("attempts", attempts);
    if (cancel != null) {
      e.put("cancelled", true);
    }
    long seq = x.append(EntryKind.TOOL_FAILED, pos, e);
    long now = x.now();
    x.writer.toolCall(new ToolCallRow(key, name, pos, ToolCallRow.Status.FAILED, intentSeq, seq,
        now, now));
    if (cancel != null) {
      x.writer.wakeup(new Wakeup(seq, cancel.seq()));
      x.commitRunning();
      x.runtime.cancelling.remove(x.runId());
    } else {
      x.commitProgress(false);
    }
  }

  private String reason(SignalRecord cancel) {
    byte[] b = x.engine.bytes(cancel.payload());
    return b.length == 0 ? "cancelled" : Json.tree(b).asText("cancelled");
  }

  /** One attempt on a virtual thread; null if it succeeded (its result in {@code out}). */
  private @Nullable Failure attempt(Activity<Object, Object> activity, Object args,
      Activity.Invocation invocation, Object[] out) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    Thread t = Thread.ofVirtual().name("weft-activity-" + activity.name()).unstarted(() -> {
      try {
        f.complete(activity.fn().apply(args, invocation));
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    });
    x.runtime.activities.put(x.runId(), t);
    t.start();
    Duration timeout = activity.options().timeout();
    try {
      out[0] = timeout == null ? f.get() : f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return null;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof Error err && !(cause instanceof AssertionError)) {
        throw err;
      }
      return Failure.of(cause);
    } catch (TimeoutException e) {
      t.interrupt();
      return new Failure(ErrorClass.TRANSIENT, "ActivityTimeout", "attempt " + invocation.attempt()
          + " timed out after " + timeout + " and was interrupted");
    } catch (InterruptedException e) {
      t.interrupt();
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while activity '" + activity.name() + "' ran");
    } finally {
      x.runtime.activities.remove(x.runId(), t);
    }
  }

  private void needsAttention(int pos, String key, String name, int attempt) {
    long now = x.now();
    x.writer.attempt(new AttemptRecord(pos, attempt, x.run.updatedMillis(), now,
        AttemptRecord.Outcome.INTERRUPTED, Failure.of(ErrorClass.UNKNOWN, "activity '" + name
            + "' (call " + key + ") is in doubt")));
    ObjectNode detail = Entries.attention(key, name, pos);
    detail.put("message", "activity '" + name + "' (call " + key + ") was in flight when the"
        + " process stopped and is not idempotent; check whether its effect happened, then"
        + " settle it with: weft resolve --run-id " + x.runId() + " --call " + key
        + " (--retry | --result JSON | --fail MESSAGE)");
    x.writer.append(EntryKind.ATTENTION_NEEDED, pos, now, Json.bytes(detail));
    x.commitEnd(RunStatus.NEEDS_ATTENTION, null, null, Json.text(detail), null);
    throw Unwind.of(Unwind.Why.STOPPED);
  }
}
