package dev.weft.workflow;

import dev.weft.RunStatus;
import dev.weft.WeftException;
import java.time.Duration;

/** {@link WorkflowHandle#result} waited its whole timeout and the run has not ended. */
public final class StillRunningException extends WeftException {
  private final RunStatus status;

  public StillRunningException(String runId, RunStatus status, Duration waited, String detail) {
    super("workflow run '" + runId + "' is still " + status + " after " + waited + detail);
    this.status = status;
  }

  public RunStatus status() {
    return status;
  }
}
