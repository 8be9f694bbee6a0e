package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.spi.EntryKind;
import dev.weft.workflow.Activity;
import dev.weft.workflow.Workflow;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What the context does past the end of the recorded history: executes and journals. Each
 * method records its outcome into the history (so the context reads it from there) or unwinds.
 */
interface Live {
  /** Appends a command that needs no execution (state, values, markers, logs). */
  void record(EntryKind kind, int pos, ObjectNode entry);

  /** Runs a step's body and records its outcome. */
  void step(int pos, ObjectNode entry, Activity.Fn0<?> fn);

  /**
   * Executes an activity: records its intent (unless {@code existing} holds it, in doubt or to
   * run again) and its outcome.
   */
  void activity(int pos, ObjectNode entry, Activity<Object, Object> activity, Object args,
      @Nullable Recorded existing);

  /** Waits for a time, a signal or a child (recording the wait unless {@code existing} does). */
  void await(int pos, ObjectNode entry, EntryKind kind, @Nullable Recorded existing,
      Wait wait);

  /** Creates a child run (if it does not exist) and records its start. */
  void startChild(int pos, ObjectNode entry, Workflow<?, ?> workflow, String childId,
      JsonNode input);

  /** The run's clock, for a command recorded now. */
  long nowMillis();

  /** A fresh random seed, for a command recorded now. */
  long seed();

  /** Whether this instance is closing: the run pauses before its next command. */
  void checkpoint(int pos);

  /** The state changed: the stored state is rewritten with the next commit. */
  void stateChanged(ObjectNode state);

  /** Progress moved to a declared step (index from 1). */
  void progress(int index, String stepName);

  /** Stores a log line (once) and passes it on. */
  void log(int pos, String level, String message);

  /** What a wait waits for. */
  sealed interface Wait {
    record Until(long atMillis) implements Wait {}

    record Signal(String name, @Nullable Long timeoutAtMillis) implements Wait {}

    record Child(String childId) implements Wait {}
  }

  /** A hint for signal waits: how long to wait at most. */
  static @Nullable Long deadline(long now, @Nullable Duration timeout) {
    return timeout == null ? null : now + timeout.toMillis();
  }
}
