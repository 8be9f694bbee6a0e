package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.IllegalRunStateException;
import dev.weft.InvalidInputException;
import dev.weft.RunStatus;
import dev.weft.spi.Blob;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a run's state at a step: the state the run was in after {@code step} committed steps,
 * which is what it executes step {@code step} from. The current state is on the run row; earlier
 * ones are read from the journal — the start entry for the step the run began at, otherwise the
 * {@code STEP_COMMITTED} entry of step {@code step - 1}, if the checkpoint policy kept its state.
 */
public final class StatePoints {
  /**
   * A state and where it was found.
   *
   * @param step the number of committed steps in this state
   * @param state the state as stored
   * @param blobs blobs {@code state} needs that may not be stored yet (when it was cut out of
   *     a larger entry)
   */
  public record At(long step, Payload state, List<Blob> blobs) {
    public At {
      blobs = List.copyOf(blobs);
    }
  }

  private final Engine engine;

  public StatePoints(Engine engine) {
    this.engine = engine;
  }

  /**
   * The run's current state: after its last committed step, or, for a completed run, before the
   * step that completed it (the run row keeps no state after that one).
   */
  public At current(RunRecord run) {
    Payload state = run.progress().state();
    if (state == null) {
      throw new IllegalRunStateException(run.runId(), run.status(), "it has no state");
    }
    return new At(lastStep(run), state, List.of());
  }

  /** The run's state at {@code step}; an input error if it is out of range or was not kept. */
  public At at(RunRecord run, long step) {
    long last = lastStep(run);
    if (step == last) {
      return current(run);
    }
    JournalRecord start = engine.store().journal(run.key(), 0, 1).get(0);
    long first = start.step();
    if (step < first || step > last) {
      String forked = first > 0 ? "; it was forked at step " + first + " from run '"
          + run.header().parentRunId() + "'" : "";
      String completed = run.status() == RunStatus.COMPLETED
          ? " (the step after " + last + " completed it)" : "";
      throw new InvalidInputException("step " + step + " is out of range for run '"
          + run.runId() + "': it has states at steps " + first + ".." + last + completed
          + forked);
    }
    if (step == first) {
      JsonNode state = Json.tree(engine.bytes(start.payload())).get("state");
      List<Blob> blobs = new ArrayList<>();
      Payload p = RunWriter.payload(Json.bytes(state), engine.inlineLimit(), blobs);
      return new At(step, p, blobs);
    }
    JournalRecord committed = engine.store().committedStep(run.key(), step - 1)
        .orElseThrow(() -> new InvalidInputException("run '" + run.runId() + "' has no"
            + " committed step " + (step - 1) + " in its journal, so it has no state at step "
            + step));
    if (committed.payload() instanceof Payload.Inline i && i.bytes().length == 0) {
      throw new InvalidInputException("the state of run '" + run.runId() + "' at step " + step
          + " was not kept: the run's checkpoint policy journals only some states. Use a step"
          + " whose STEP_COMMITTED entry (step - 1) holds a state (weft history --run-id "
          + run.runId() + "), step " + first + ", or the current step " + last);
    }
    return new At(step, committed.payload(), List.of());
  }

  /** The step of the run's current state. */
  private static long lastStep(RunRecord run) {
    long steps = run.progress().steps();
    return run.status() == RunStatus.COMPLETED && steps > 0 ? steps - 1 : steps;
  }
}
