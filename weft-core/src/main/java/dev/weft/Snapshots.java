package dev.weft;

import dev.weft.internal.Engine;
import dev.weft.internal.Labels;
import dev.weft.internal.StatePoints;
import dev.weft.spi.NewSnapshot;
import dev.weft.spi.RunRecord;
import dev.weft.spi.SnapshotQuery;
import dev.weft.spi.SnapshotRecord;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Named, tagged, described copies of runs' states at committed steps, and searching them. A
 * snapshot is kept beside its run: taking one writes nothing to the run or its journal, so it
 * needs no lease and never disturbs a run that is executing. Names are unique within a run.
 *
 * <pre>{@code
 * weft.snapshots().create("order-7", "before-refund",
 *     SnapshotOptions.defaults().withTags("refunds").withAtStep(12L));
 * weft.fork("order-7", ForkPoint.snapshot("before-refund"), "order-7-retry");
 * }</pre>
 */
public final class Snapshots {
  /** The longest snapshot name accepted. */
  public static final int MAX_NAME = 200;

  private final Engine engine;

  Snapshots(Engine engine) {
    this.engine = engine;
  }

  /**
   * Takes a snapshot of a run: of its current state, or of the state at {@link
   * SnapshotOptions#atStep} as the journal kept it.
   *
   * @throws InvalidInputException if the name is taken in this run, the step is out of range
   *     or its state was not kept; nothing is written
   */
  public Snapshot create(String runId, String name, SnapshotOptions options) {
    Labels.check("snapshot name", name, MAX_NAME);
    RunRecord run = find(runId);
    if (engine.store().snapshot(run.key(), name).isPresent()) {
      throw taken(runId, name);
    }
    StatePoints points = new StatePoints(engine);
    StatePoints.At at = options.atStep() == null ? points.current(run)
        : points.at(run, options.atStep());
    NewSnapshot snapshot = new NewSnapshot(run.key(), new SnapshotRecord.Label(name,
        options.description(), options.tags()), at.step(), at.state(), at.blobs(),
        engine.clock().millis());
    if (!engine.store().saveSnapshot(snapshot)) {
      throw taken(runId, name);
    }
    return get(runId, name);
  }

  public Snapshot create(String runId, String name) {
    return create(runId, name, SnapshotOptions.defaults());
  }

  /** The run's snapshot named {@code name}. */
  public Snapshot get(String runId, String name) {
    RunRecord run = find(runId);
    return view(engine.store().snapshot(run.key(), name)
        .orElseThrow(() -> new SnapshotNotFoundException(runId, name)));
  }

  /**
   * The snapshot named {@code name} in whichever run has one.
   *
   * @throws InvalidInputException if several runs have a snapshot of that name
   */
  public Snapshot get(String name) {
    List<SnapshotRecord> found = engine.store().snapshots(SnapshotQuery.all().withName(name)
        .page(0, 11));
    if (found.isEmpty()) {
      throw new SnapshotNotFoundException(null, name);
    }
    if (found.size() > 1) {
      String runs = found.stream().limit(10).map(s -> "'" + s.runId() + "'")
          .collect(Collectors.joining(", "));
      throw new InvalidInputException("snapshots named '" + name + "' exist in "
          + (found.size() > 10 ? "more than 10 runs" : found.size() + " runs") + " (" + runs
          + (found.size() > 10 ? ", ..." : "") + "); name the run too");
    }
    return view(found.get(0));
  }

  /** Snapshots of every run matching the query, newest first. */
  public List<Snapshot> list(SnapshotQuery query) {
    return engine.store().snapshots(query).stream().map(this::view).toList();
  }

  private Snapshot view(SnapshotRecord r) {
    return new Snapshot(r.runId(), r.label().name(), r.label().description(), r.label().tags(),
        r.step(), java.util.Objects.requireNonNull(engine.json(r.state()), "state"),
        Instant.ofEpochMilli(r.createdMillis()));
  }

  private RunRecord find(String runId) {
    return engine.store().find(runId).orElseThrow(() -> new RunNotFoundException(runId));
  }

  private static InvalidInputException taken(String runId, String name) {
    return new InvalidInputException("run '" + runId + "' already has a snapshot named '"
        + name + "'; choose another name");
  }
}
