package dev.weft;

/** The operation is not allowed in the run's current status (e.g. resuming a completed run). */
public final class IllegalRunStateException extends InvalidInputException {
  private final RunStatus status;

  public IllegalRunStateException(String runId, RunStatus status, String what) {
    super("run '" + runId + "' is " + status + ": " + what);
    this.status = status;
  }

  public RunStatus status() {
    return status;
  }
}
