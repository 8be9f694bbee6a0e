package dev.weft;

/** No run with the given id exists in the store. */
public final class RunNotFoundException extends InvalidInputException {
  private final String runId;

  public RunNotFoundException(String runId) {
    super("run '" + runId + "' does not exist in this store");
    this.runId = runId;
  }

  public String runId() {
    return runId;
  }
}
