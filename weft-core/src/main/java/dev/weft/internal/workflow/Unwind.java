package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.workflow.NonDeterminismException;
import org.jspecify.annotations.Nullable;

/**
 * Abandons an execution of workflow code. An {@link Error}, so that {@code catch (Exception e)}
 * in workflow code does not swallow the runtime's control flow; and remembered by the context,
 * so that code that catches even {@code Throwable} gets it again at its next call.
 */
final class Unwind extends Error {
  private static final long serialVersionUID = 1L;

  enum Why {
    /** What the run waits for is committed; the run holds no thread until it is due. */
    SUSPENDED,
    /** The run is paused (this instance closes) or needs attention: committed already. */
    STOPPED,
    /** The code differs from the history. */
    NON_DETERMINISM,
    /** The code called continueAsNew. */
    CONTINUE,
    /** A replay without a store reached the end of the recorded history. */
    END_OF_HISTORY
  }

  final Why why;
  final transient @Nullable NonDeterminismException nonDeterminism;
  final transient @Nullable JsonNode input;

  private Unwind(Why why, @Nullable NonDeterminismException nd, @Nullable JsonNode input) {
    super(why.name(), null, false, false);
    this.why = why;
    this.nonDeterminism = nd;
    this.input = input;
  }

  static Unwind of(Why why) {
    return new Unwind(why, null, null);
  }

  static Unwind nonDeterminism(NonDeterminismException e) {
    return new Unwind(Why.NON_DETERMINISM, e, null);
  }

  static Unwind continueAsNew(JsonNode input) {
    return new Unwind(Why.CONTINUE, null, input);
  }
}
