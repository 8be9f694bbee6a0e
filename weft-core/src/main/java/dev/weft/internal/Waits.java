package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.InvalidInputException;
import dev.weft.WaitFor;
import dev.weft.Wake;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.RunRecord;
import dev.weft.spi.SignalRecord;
import dev.weft.spi.Waiting;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Waits in the kernel, whatever the model: how a {@link WaitFor} is recorded (the run's detail,
 * its {@code RUN_WAITING} entry and what the store indexes), whether a waiting run is due, and
 * what woke it (recorded in the entry that wakes it, and read back for a resumed step).
 */
public final class Waits {
  private final Engine engine;

  public Waits(Engine engine) {
    this.engine = engine;
  }

  /**
   * A wait as it is committed: the run's detail (with a human {@code message}), the
   * {@code RUN_WAITING} entry's payload (the same without the message) and what the store
   * indexes.
   */
  public record Plan(ObjectNode detail, byte[] entry, Waiting waiting) {
    public String detailText() {
      return Json.text(detail);
    }
  }

  /** What wakes a due run: the entry to journal, the signal it consumes, the step's wake. */
  public record Woken(EntryKind kind, byte[] entry, @Nullable Long signalSeq, Wake wake) {}

  /** Plans {@code w}, begun at {@code nowMillis} by run {@code runId}. */
  public static Plan plan(WaitFor w, long nowMillis, String runId) {
    ObjectNode d = Json.object();
    String key = null;
    Long wakeAt = null;
    String message;
    switch (w) {
      case WaitFor.Signal s -> {
        d.put("kind", "signal");
        key = s.name();
        d.put("key", key);
        if (s.timeout() != null) {
          wakeAt = plus(nowMillis, s.timeout().toMillis(), "timeout");
          d.put("timeout_at", iso(wakeAt));
        }
        message = "waits for signal '" + key + "'" + (wakeAt == null ? ""
            : " until " + iso(wakeAt)) + "; send it with: weft signal --run-id " + runId
            + " --name " + key + " --payload JSON";
      }
      case WaitFor.AskUser a -> {
        d.put("kind", "ask_user");
        key = WaitFor.ASK_USER;
        d.put("key", key);
        d.put("prompt", a.prompt());
        message = "waits for an answer to: " + a.prompt() + " (answer with: weft respond"
            + " --run-id " + runId + " --payload JSON)";
      }
      case WaitFor.Sleep s -> {
        d.put("kind", "sleep");
        wakeAt = plus(nowMillis, millis(s.duration()), "sleep");
        d.put("until", iso(wakeAt));
        message = "sleeps until " + iso(wakeAt);
      }
      case WaitFor.Until u -> {
        d.put("kind", "until");
        try {
          wakeAt = u.instant().toEpochMilli();
        } catch (ArithmeticException e) {
          throw new InvalidInputException("cannot wait until " + u.instant() + ": out of range");
        }
        d.put("until", iso(wakeAt));
        message = "waits until " + iso(wakeAt);
      }
    }
    byte[] entry = Json.bytes(d);
    d.put("message", message);
    return new Plan(d, entry, new Waiting(key, wakeAt));
  }

  private static long millis(java.time.Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      throw new InvalidInputException("a sleep of " + d + " is too long");
    }
  }

  private static long plus(long now, long millis, String what) {
    try {
      return Math.addExact(now, millis);
    } catch (ArithmeticException e) {
      throw new InvalidInputException("the " + what + " of " + millis + " ms is too long");
    }
  }

  static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  /** The run's wait as its detail describes it (empty object if it has none). */
  static JsonNode detail(RunRecord run) {
    String d = run.progress().detail();
    return d == null ? Json.object() : Json.tree(d.getBytes(StandardCharsets.UTF_8));
  }

  /** One sentence saying what a waiting run waits for. */
  public static String describe(RunRecord run) {
    return detail(run).path("message").asText("it waits");
  }

  /**
   * What wakes the WAITING run now, or null if nothing it waits for has arrived: its oldest
   * pending signal for its key first, then its time (a timer, or a signal's timeout).
   */
  public @Nullable Woken wake(RunRecord run, long nowMillis) {
    JsonNode d = detail(run);
    String key = d.hasNonNull("key") ? d.get("key").asText() : null;
    if (key != null) {
      Optional<SignalRecord> s = engine.store().pendingSignal(run.key(), key);
      if (s.isPresent()) {
        SignalRecord signal = s.get();
        byte[] bytes = engine.bytes(signal.payload());
        JsonNode payload = bytes.length == 0 ? NullNode.getInstance() : Json.tree(bytes);
        ObjectNode e = Json.object();
        e.put("name", key);
        e.put("signal", signal.seq());
        e.put("sent", iso(signal.sentMillis()));
        e.set("payload", payload);
        return new Woken(EntryKind.SIGNAL_RECEIVED, Json.bytes(e), signal.seq(),
            new Wake.SignalReceived(key, payload));
      }
    }
    String due = d.has("until") ? d.get("until").asText()
        : d.has("timeout_at") ? d.get("timeout_at").asText() : null;
    if (due == null || Instant.parse(due).toEpochMilli() > nowMillis) {
      return null;
    }
    ObjectNode e = Json.object();
    if (key != null) {
      e.put("name", key);
    }
    e.put("due", due);
    return key != null
        ? new Woken(EntryKind.WAIT_TIMED_OUT, Json.bytes(e), null,
            new Wake.TimedOut(key, Instant.parse(due)))
        : new Woken(EntryKind.TIMER_FIRED, Json.bytes(e), null,
            new Wake.TimerFired(Instant.parse(due)));
  }

  /**
   * The wake recorded for {@code step} of a run that was woken before it (and is now resumed
   * after a crash, a failure or a pause during that step); null if the step was not woken.
   */
  public @Nullable Wake recorded(RunRecord run, long step) {
    Long seq = run.progress().wokenSeq();
    if (seq == null) {
      return null;
    }
    List<JournalRecord> e = engine.store().journal(run.key(), seq - 1, 1);
    if (e.isEmpty() || e.get(0).step() != step) {
      return null;
    }
    return wakeOf(e.get(0).kind(), engine.json(e.get(0).payload()));
  }

  /** The wake a SIGNAL_RECEIVED, TIMER_FIRED or WAIT_TIMED_OUT entry records. */
  public static @Nullable Wake wakeOf(EntryKind kind, @Nullable JsonNode p) {
    if (p == null) {
      return null;
    }
    return switch (kind) {
      case SIGNAL_RECEIVED -> new Wake.SignalReceived(p.path("name").asText(),
          p.has("payload") ? p.get("payload") : NullNode.getInstance());
      case TIMER_FIRED -> new Wake.TimerFired(Instant.parse(p.path("due").asText()));
      case WAIT_TIMED_OUT -> new Wake.TimedOut(p.path("name").asText(),
          Instant.parse(p.path("due").asText()));
      default -> null;
    };
  }
}
