package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ForkPoint;
import dev.weft.InvalidInputException;
import dev.weft.RunInfo;
import dev.weft.RunNotFoundException;
import dev.weft.SnapshotNotFoundException;
import dev.weft.spi.Blob;
import dev.weft.spi.ChainHead;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.NewRun;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import dev.weft.spi.SnapshotRecord;
import dev.weft.spi.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates a fork: a new PENDING run of the same definition that begins at a step of another run
 * (or one of its snapshots) with that state, the original's input, and its provenance in its
 * start entry. Needs only the store: the definition's code is needed when the fork is resumed.
 */
public final class Forker {
  private final Engine engine;

  public Forker(Engine engine) {
    this.engine = engine;
  }

  public RunInfo fork(String runId, ForkPoint from, String newRunId) {
    Launcher.checkRunId(newRunId);
    RunRecord source = engine.store().find(runId)
        .orElseThrow(() -> new RunNotFoundException(runId));
    checkFree(newRunId);
    ObjectNode forkedFrom = Json.object().put("run", runId);
    StatePoints.At at = switch (from) {
      case ForkPoint.AtStep s -> new StatePoints(engine).at(source, s.step());
      case ForkPoint.AtSnapshot s -> {
        SnapshotRecord snap = engine.store().snapshot(source.key(), s.name())
            .orElseThrow(() -> new SnapshotNotFoundException(runId, s.name()));
        yield new StatePoints.At(snap.step(), snap.state(), List.of());
      }
    };
    forkedFrom.put("step", at.step());
    if (from instanceof ForkPoint.AtSnapshot s) {
      forkedFrom.put("snapshot", s.name());
    }
    JsonNode state = Json.tree(engine.bytes(at.state()));
    JsonNode input = Json.tree(engine.bytes(engine.store().journal(source.key(), 0, 1).get(0)
        .payload())).path("input");
    String definition = source.header().definition();
    int version = source.header().version();
    byte[] started = Entries.runForked(definition, version, input, state, forkedFrom);
    long now = engine.clock().millis();
    byte[] link = engine.chain().link(HashChain.genesis(), newRunId, 1, EntryKind.RUN_STARTED,
        at.step(), now, HashChain.digest(started));
    List<Blob> blobs = new ArrayList<>();
    Payload startedPayload = RunWriter.payload(started, engine.inlineLimit(), blobs);
    Payload statePayload = RunWriter.payload(Json.bytes(state), engine.inlineLimit(), blobs);
    NewRun run = new NewRun(newRunId, new RunRecord.RunHeader(definition, version, now, runId),
        statePayload, List.of(new JournalRecord(1, EntryKind.RUN_STARTED, at.step(), now,
            startedPayload, HashChain.stored(link))),
        new ChainHead(1, link, engine.chain().isKeyed()), blobs, null, 0, at.step());
    Store.Created created = engine.store().create(run);
    if (!created.created()) {
      throw exists(newRunId);
    }
    return engine.info(created.run());
  }

  private void checkFree(String newRunId) {
    if (engine.store().find(newRunId).isPresent()) {
      throw exists(newRunId);
    }
  }

  private static InvalidInputException exists(String newRunId) {
    return new InvalidInputException("run '" + newRunId + "' already exists; a fork needs a new"
        + " run id");
  }
}
