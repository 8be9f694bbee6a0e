package dev.weft.workflow;

import dev.weft.Failure;
import dev.weft.RunStatus;
import dev.weft.WeftException;
import org.jspecify.annotations.Nullable;

/** A workflow run ended without a result: it failed, was cancelled, or needs attention. */
public class WorkflowFailedException extends WeftException {
  private final String runId;
  private final RunStatus status;
  private final @Nullable Failure failure;

  public WorkflowFailedException(String runId, RunStatus status, @Nullable Failure failure,
      String message) {
    super("workflow run '" + runId + "' is " + status + ": " + message);
    this.runId = runId;
    this.status = status;
    this.failure = failure;
  }

  public String runId() {
    return runId;
  }

  public RunStatus status() {
    return status;
  }

  public @Nullable Failure failure() {
    return failure;
  }
}
