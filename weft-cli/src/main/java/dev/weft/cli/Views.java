package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.Attempt;
import dev.weft.Failure;
import dev.weft.JournalEntry;
import dev.weft.RunInfo;
import dev.weft.Snapshot;
import dev.weft.ToolCall;
import dev.weft.Verification;
import dev.weft.internal.Failures;
import dev.weft.internal.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes the CLI prints (snake_case keys, ISO-8601 times), and the short texts human
 * output derives from them. Scripts depend on these keys: add keys, never rename them.
 */
final class Views {
  private Views() {}

  static ObjectNode run(RunInfo r) {
    ObjectNode n = Json.object();
    n.put("run_id", r.runId());
    n.put("definition", r.definition().name());
    n.put("version", r.definition().version());
    n.put("status", r.status().name());
    n.put("steps", r.steps());
    n.set("state", r.state());
    n.set("result", r.result());
    n.set("failure", failure(r.failure()));
    n.set("detail", r.detail());
    n.put("created", r.times().created().toString());
    n.put("updated", r.times().updated().toString());
    n.put("holder", r.holder());
    n.put("parent_run_id", r.definition().parentRunId());
    RunInfo.ForkedFrom f = r.definition().forkedFrom();
    if (f != null) {
      ObjectNode from = n.putObject("forked_from").put("run", f.runId()).put("step", f.step());
      if (f.snapshot() != null) {
        from.put("snapshot", f.snapshot());
      }
    }
    return n;
  }

  static ObjectNode snapshot(Snapshot s) {
    ObjectNode n = Json.object();
    n.put("run_id", s.runId());
    n.put("name", s.name());
    n.put("description", s.description());
    var tags = n.putArray("tags");
    s.tags().forEach(tags::add);
    n.put("step", s.step());
    n.set("state", s.state());
    n.put("created", s.created().toString());
    return n;
  }

  /** Where a fork came from, in words: {@code R at step N (snapshot S)}; empty if no fork. */
  static String forkedFrom(RunInfo r) {
    RunInfo.ForkedFrom f = r.definition().forkedFrom();
    return f == null ? "" : f.runId() + " at step " + f.step()
        + (f.snapshot() == null ? "" : " (snapshot " + f.snapshot() + ")");
  }

  static ObjectNode entry(JournalEntry e) {
    ObjectNode n = Json.object();
    n.put("seq", e.seq());
    n.put("kind", e.kind());
    n.put("step", e.step());
    n.put("at", e.at().toString());
    n.set("data", e.data());
    n.put("size", e.size());
    n.put("blob", e.blob());
    n.put("hash", e.hash());
    return n;
  }

  static ObjectNode attempt(Attempt a) {
    ObjectNode n = Json.object();
    n.put("step", a.step());
    n.put("attempt", a.attempt());
    n.put("outcome", a.outcome());
    n.put("started", a.started().toString());
    n.put("ended", a.ended().toString());
    n.put("millis", a.ended().toEpochMilli() - a.started().toEpochMilli());
    n.set("failure", failure(a.failure()));
    return n;
  }

  static ObjectNode toolCall(ToolCall c) {
    ObjectNode n = Json.object();
    n.put("key", c.key());
    n.put("tool", c.tool());
    n.put("step", c.step());
    n.put("status", c.status());
    n.set("args", c.args());
    n.set("result", c.result());
    n.set("failure", failure(c.failure()));
    n.put("started", c.started().toString());
    n.put("ended", c.ended() == null ? null : c.ended().toString());
    return n;
  }

  static ObjectNode verification(Verification v) {
    ObjectNode n = Json.object();
    n.put("run_id", v.runId());
    n.put("intact", v.intact());
    n.put("entries", v.entries());
    n.put("first_bad_seq", v.firstBadSeq());
    n.put("problem", v.problem());
    n.put("chain", v.keyed() ? "hmac-sha256" : "sha256");
    return n;
  }

  static @Nullable JsonNode failure(@Nullable Failure f) {
    return f == null ? null : Failures.toJson(f);
  }

  /** A failure as one line: {@code CLASS type: message}. */
  static String text(Failure f) {
    return f.errorClass() + " " + f.type() + ": " + f.message();
  }

  /** What a run came to, in a few words: its result, its failure, or why it stopped. */
  static String outcome(RunInfo r) {
    if (r.result() != null) {
      return Output.cell(r.result());
    }
    if (r.failure() != null) {
      return Output.cut(r.failure().message());
    }
    if (r.detail() != null) {
      JsonNode message = r.detail().get("message");
      return message != null ? Output.cut(message.asText()) : Output.cell(r.detail());
    }
    return "";
  }

  /**
   * What a waiting run waits for, in a few words: {@code waits for signal 'go'}, {@code waits
   * for an answer}, {@code sleeps until T}, {@code waits until T}.
   */
  static String waiting(RunInfo r) {
    JsonNode d = r.detail();
    if (d == null) {
      return "waits";
    }
    String until = d.path("until").asText(d.path("timeout_at").asText(""));
    return switch (d.path("kind").asText("")) {
      case "signal" -> "waits for signal '" + d.path("key").asText() + "'"
          + (until.isEmpty() ? "" : " until " + until);
      case "ask_user" -> "waits for an answer";
      case "sleep" -> "sleeps until " + until;
      case "until" -> "waits until " + until;
      default -> "waits";
    };
  }

  /** A time for a table: to the second. */
  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
