package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.weft.StoreException;
import dev.weft.internal.Failures;
import dev.weft.spi.EntryKind;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A run's journal folded into positions: the pure part of replay. Entries go in, in journal
 * order; what each position recorded and how it ended comes out. No I/O.
 */
final class History {
  /** One journal entry as the fold sees it. */
  record Entry(EntryKind kind, long step, JsonNode payload) {}

  private final List<Recorded> positions = new ArrayList<>();
  private @Nullable JsonNode start;

  int size() {
    return positions.size();
  }

  @Nullable Recorded at(int pos) {
    return pos < positions.size() ? positions.get(pos) : null;
  }

  @Nullable Recorded last() {
    return positions.isEmpty() ? null : positions.get(positions.size() - 1);
  }

  /** The run's start entry (definition, version, input, owner). */
  @Nullable JsonNode start() {
    return start;
  }

  void add(Entry e) {
    JsonNode p = e.payload();
    switch (e.kind()) {
      case RUN_STARTED -> start = p;
      case WF_STEP -> {
        // A step run again (after a retry of the run) records its new outcome in place.
        Recorded r = e.step() < positions.size() ? existing(e) : open(e, Cmd.STEP);
        r.rerun = false;
        outcome(r, p);
      }
      case WF_STATE -> open(e, Cmd.STATE);
      case WF_VALUE -> open(e, Cmd.valueOf(p.path("what").asText("NOW")));
      case WF_VERSION -> open(e, Cmd.VERSION);
      case WF_SLEEP -> open(e, Cmd.SLEEP);
      case WF_SIGNAL_WAIT -> open(e, Cmd.SIGNAL);
      case WF_CHILD_STARTED -> open(e, Cmd.CHILD_START);
      case WF_CHILD_AWAIT -> open(e, Cmd.CHILD_AWAIT);
      case TOOL_INTENT -> {
        if (e.step() < positions.size()) {
          // An activity run again (an operator's retry, a retried run) records its intent
          // again: without an outcome after it, it is in doubt once more.
          Recorded r = existing(e);
          r.rerun = false;
          r.done = false;
        } else {
          open(e, Cmd.ACTIVITY);
        }
      }
      case TOOL_RESULT, TOOL_FAILED -> {
        Recorded r = existing(e);
        r.rerun = false;
        outcome(r, p);
      }
      case CALL_RESOLVED -> {
        if (p.path("action").asText().equals("retry")) {
          existing(e).rerun = true;
        }
      }
      case SIGNAL_RECEIVED -> {
        Recorded r = existing(e);
        r.done = true;
        r.result = p.has("payload") ? p.get("payload") : NullNode.getInstance();
      }
      case TIMER_FIRED -> existing(e).done = true;
      case WAIT_TIMED_OUT -> {
        Recorded r = existing(e);
        r.done = true;
        r.timedOut = true;
      }
      case WF_CANCELLED -> {
        Recorded r = existing(e);
        r.done = true;
        r.cancelled = p.path("reason").asText("");
      }
      case RUN_RETRIED -> {
        // A retried run runs a failed activity or step at its end again.
        Recorded r = last();
        if (r != null && r.failure != null && (r.kind == Cmd.ACTIVITY || r.kind == Cmd.STEP)) {
          r.done = false;
          r.failure = null;
          r.rerun = true;
        }
      }
      default -> {
        // Run-level entries (waiting, paused, completed...) and logs record no command.
      }
    }
  }

  private static void outcome(Recorded r, JsonNode p) {
    if (p.has("failure")) {
      r.failure = Failures.fromJson(p.get("failure"));
      r.attempts = p.path("attempts").asInt(1);
      if (p.path("cancelled").asBoolean(false)) {
        r.cancelled = r.failure.message();
      }
    } else {
      r.result = p.has("result") ? p.get("result") : NullNode.getInstance();
    }
    r.done = true;
  }

  private Recorded open(Entry e, Cmd kind) {
    if (e.step() != positions.size()) {
      throw new StoreException("workflow journal is out of order: a " + kind.label
          + " at position " + e.step() + " follows " + positions.size() + " positions");
    }
    JsonNode p = e.payload();
    String name = p.path(kind == Cmd.ACTIVITY ? "tool" : "name").asText("");
    String hash = p.hasNonNull("hash") ? p.get("hash").asText() : null;
    Recorded r = new Recorded(positions.size(), kind, name, hash, p);
    r.done = Recorded.instant(kind);
    positions.add(r);
    return r;
  }

  private Recorded existing(Entry e) {
    if (e.step() < 0 || e.step() >= positions.size()) {
      throw new StoreException("workflow journal has a " + e.kind() + " entry for position "
          + e.step() + ", which records no command");
    }
    return positions.get((int) e.step());
  }
}
