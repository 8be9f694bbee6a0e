package dev.weft;

import org.jspecify.annotations.Nullable;

/** No snapshot with the given name exists (in the given run, or in any run). */
public final class SnapshotNotFoundException extends InvalidInputException {
  private final @Nullable String runId;
  private final String name;

  public SnapshotNotFoundException(@Nullable String runId, String name) {
    super(runId == null
        ? "no run has a snapshot named '" + name + "'; see weft snapshot list"
        : "run '" + runId + "' has no snapshot named '" + name + "'; see weft snapshot list"
            + " --run-id " + runId);
    this.runId = runId;
    this.name = name;
  }

  /** The run searched, or null if every run was. */
  public @Nullable String runId() {
    return runId;
  }

  public String name() {
    return name;
  }
}
