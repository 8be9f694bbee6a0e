package dev.weft.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.workflow.Replay;
import java.util.Optional;

/**
 * Replays a run's exported history ({@link Workflows#export}, {@code weft history --export})
 * against the current code of its workflow, without a store and without executing anything:
 * the check to run before deploying changed workflow code.
 */
public final class Replayer {
  private Replayer() {}

  /**
   * The non-determinism the code shows against {@code history}, if any. Replay stops at the end
   * of the recorded history.
   */
  public static Optional<NonDeterminismException> check(Workflow<?, ?> workflow,
      JsonNode history) {
    return Replay.check(workflow, history);
  }

  /**
   * Replays and throws the non-determinism, if any.
   *
   * @throws NonDeterminismException if the code does not match the history
   */
  public static void replay(Workflow<?, ?> workflow, JsonNode history) {
    Optional<NonDeterminismException> e = check(workflow, history);
    if (e.isPresent()) {
      throw e.get();
    }
  }
}
