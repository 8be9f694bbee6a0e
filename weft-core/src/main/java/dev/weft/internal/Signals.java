package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.weft.IllegalRunStateException;
import dev.weft.InvalidInputException;
import dev.weft.RunInfo;
import dev.weft.RunNotFoundException;
import dev.weft.RunStatus;
import dev.weft.WaitFor;
import dev.weft.spi.Blob;
import dev.weft.spi.NewSignal;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import dev.weft.spi.Store;
import dev.weft.spi.Waiting;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Sending signals to runs: by name, in answer to the pending wait, or to one wait key. */
public final class Signals {
  private final Engine engine;

  public Signals(Engine engine) {
    this.engine = engine;
  }

  /** Converts a payload to JSON: null becomes JSON null. */
  public static JsonNode json(@Nullable Object payload, String what) {
    if (payload == null) {
      return NullNode.getInstance();
    }
    if (payload instanceof JsonNode n) {
      return n;
    }
    try {
      return Json.tree(payload);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(what + " cannot be serialized to JSON: " + e.getMessage(),
          e);
    }
  }

  /**
   * Stores signal {@code name} for the run (flushed before this returns) and wakes the
   * scheduler if the run waits for it; with {@code onlyIfAwaited}, refuses unless the run waits
   * for {@code name} now and has no answer pending.
   */
  public RunInfo send(String runId, String name, JsonNode payload, boolean onlyIfAwaited) {
    return send(runId, name, payload, onlyIfAwaited, false);
  }

  /**
   * Stores a signal that makes the run due now whatever it waits for (a cancellation): the
   * executor that resumes it, in this process or any other, finds it at the run's wait.
   */
  public RunInfo interrupt(String runId, String name, JsonNode payload) {
    return send(runId, name, payload, false, true);
  }

  private RunInfo send(String runId, String name, JsonNode payload, boolean onlyIfAwaited,
      boolean interrupts) {
    Launcher.checkRunId(runId);
    WaitFor.checkKey(name);
    List<Blob> blobs = new ArrayList<>();
    Payload p = RunWriter.payload(Json.bytes(payload), engine.inlineLimit(), blobs);
    long now = engine.clock().millis();
    Store.Sent sent = engine.store().signal(new NewSignal(runId, name, p, blobs, now,
        onlyIfAwaited, interrupts));
    if (sent.wakes()) {
      engine.wakeAt(now);
    }
    engine.changed();
    return engine.info(engine.store().find(runId).orElseThrow(
        () -> new RunNotFoundException(runId)));
  }

  /** The wait key a run waits for now: a clear error if it waits for none. */
  public String pendingKey(String runId) {
    RunRecord run = engine.store().find(runId).orElseThrow(() -> new RunNotFoundException(runId));
    RunStatus s = run.status();
    if (s.isTerminal()) {
      throw new IllegalRunStateException(runId, s, "it has ended; there is nothing to answer");
    }
    if (s != RunStatus.WAITING) {
      throw new IllegalRunStateException(runId, s, "it waits for nothing now; an answer can be"
          + " sent as a signal with a name (weft signal), which it receives when it waits for"
          + " that name");
    }
    Waiting w = run.progress().waiting();
    if (w == null || w.key() == null) {
      throw new IllegalRunStateException(runId, s, Waits.describe(run) + ", not for an answer");
    }
    return w.key();
  }

  /** Checks that the run waits for {@code key} now. */
  public void checkKey(String runId, String key) {
    String pending = pendingKey(runId);
    if (!pending.equals(key)) {
      throw new InvalidInputException("run '" + runId + "' waits for '" + pending + "', not '"
          + key + "'; resume it with that wait key");
    }
  }
}
