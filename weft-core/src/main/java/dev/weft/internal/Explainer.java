package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.RunInfo;
import dev.weft.spi.RunRecord;
import dev.weft.spi.SignalRecord;
import dev.weft.spi.Store;
import java.time.Instant;
import java.util.List;

/** Builds the account {@code explain} prints: facts, counts, and the next thing to do. */
public final class Explainer {
  private final Engine engine;

  public Explainer(Engine engine) {
    this.engine = engine;
  }

  public JsonNode explain(RunRecord run) {
    RunInfo info = engine.info(run);
    Store.RunStats stats = engine.store().stats(run.key());
    ObjectNode out = Json.object();
    out.put("run_id", run.runId());
    out.put("definition", run.header().definition());
    out.put("version", run.header().version());
    out.put("status", run.status().name());
    out.put("steps", run.progress().steps());
    out.put("journal_entries", run.chain().count());
    out.put("attempt_rows", stats.attempts());
    out.put("failed_attempts", stats.failedAttempts());
    out.put("interrupted_attempts", stats.interruptedAttempts());
    out.put("tool_calls", stats.toolCalls());
    out.put("tool_calls_pending", stats.pendingToolCalls());
    out.put("tool_calls_failed", stats.failedToolCalls());
    out.put("created", Instant.ofEpochMilli(run.header().createdMillis()).toString());
    out.put("updated", Instant.ofEpochMilli(run.updatedMillis()).toString());
    out.put("chain", run.chain().keyed() ? "hmac-sha256" : "sha256");
    RunInfo.ForkedFrom fork = info.definition().forkedFrom();
    if (fork != null) {
      out.set("forked_from", Provenance.json(fork));
    }
    if (run.lease().isHeld()) {
      out.put("held_by", run.lease().owner());
      out.put("lease_until", Instant.ofEpochMilli(run.lease().untilMillis()).toString());
    }
    if (info.failure() != null) {
      out.set("failure", Failures.toJson(info.failure()));
    }
    if (info.detail() != null) {
      out.set("detail", info.detail());
    }
    ArrayNode lines = out.putArray("summary");
    lines.add(run.runId() + " is a run of " + run.header().definition() + " v"
        + run.header().version() + "; it is " + run.status() + " after " + run.progress().steps()
        + " committed step" + (run.progress().steps() == 1 ? "" : "s") + ".");
    if (fork != null) {
      lines.add("It was forked from run " + fork.runId() + " at step " + fork.step()
          + (fork.snapshot() == null ? "" : " (snapshot " + fork.snapshot() + ")")
          + ": it began with the state the original had there.");
    }
    if (stats.failedAttempts() + stats.interruptedAttempts() > 0) {
      lines.add(stats.failedAttempts() + " attempt(s) failed and " + stats.interruptedAttempts()
          + " were interrupted by a stopped process; retries never created new transitions.");
    }
    // A fork began at a later step: only the steps it executed itself have attempts.
    long executed = run.progress().steps() - (fork == null ? 0 : fork.step());
    boolean workflow = info.state() != null
        && info.state().path("kind").asText().equals("workflow");
    if (workflow) {
      lines.add("It is a workflow: its steps are the positions of its code's commands"
          + " (activities, steps, waits, state changes); attempt rows record only failed and"
          + " interrupted activity attempts.");
    } else if (stats.attempts() < executed) {
      lines.add("Only " + stats.attempts() + " attempt rows for " + executed
          + " steps: the run uses the compact checkpoint policy, which records only failed and"
          + " retried attempts.");
    }
    if (stats.toolCalls() > 0) {
      lines.add(stats.toolCalls() + " managed tool call(s): " + stats.pendingToolCalls()
          + " without a recorded result, " + stats.failedToolCalls() + " failed.");
    }
    if (run.lease().isHeld()) {
      lines.add("Held by " + run.lease().owner() + " until "
          + Instant.ofEpochMilli(run.lease().untilMillis()) + ".");
    }
    List<SignalRecord> pending = engine.store().signals(run.key(), 0, 1000).stream()
        .filter(SignalRecord::pending).toList();
    out.put("signals_pending", pending.size());
    if (!pending.isEmpty()) {
      lines.add(pending.size() + " signal(s) pending, delivered when the run waits for them: "
          + String.join(", ", pending.stream().map(SignalRecord::name).distinct().toList())
          + ".");
    }
    lines.add(next(run, info));
    return out;
  }

  private static String next(RunRecord run, RunInfo info) {
    return switch (run.status()) {
      case PENDING, RUNNING -> run.lease().isHeld()
          ? "An executor is working on it; if that process died, weft resume takes it over."
          : "Nothing executes it now; weft resume continues from the last committed step.";
      case PAUSED -> "Paused (" + (info.detail() == null ? "budget" : info.detail()) + "); weft"
          + " resume continues it.";
      case WAITING -> "It " + (info.detail() == null ? "waits"
          : info.detail().path("message").asText("waits")) + ". Once that arrives it continues"
          + " under a running worker (weft worker), or with weft resume.";
      case NEEDS_ATTENTION -> info.detail() == null ? "Needs an operator: weft resolve."
          : info.detail().path("message").asText("Needs an operator: weft resolve.");
      case COMPLETED -> "Completed; its result is recorded.";
      case FAILED -> "Failed: " + (info.failure() == null ? "unknown"
          : info.failure().message()) + ". weft retry continues it from its last committed"
          + " step once the cause is fixed.";
      case CANCELLED -> "Cancelled.";
    };
  }
}
