package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Definition;
import dev.weft.EnqueueOptions;
import dev.weft.InvalidInputException;
import dev.weft.Loop;
import dev.weft.RunInfo;
import dev.weft.spi.Blob;
import dev.weft.spi.ChainHead;
import dev.weft.spi.Enqueue;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.NewRun;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import dev.weft.spi.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates runs for workers: the same start entry and initial state as a started run, but
 * nobody executes it here; the run is PENDING in its queue until a worker claims it.
 */
public final class Enqueuer {
  private final Engine engine;

  public Enqueuer(Engine engine) {
    this.engine = engine;
  }

  public RunInfo enqueue(Definition definition, String runId, JsonNode input,
      EnqueueOptions options) {
    Launcher.checkRunId(runId);
    if (!(definition instanceof Loop<?, ?, ?> l)) {
      throw new InvalidInputException("definition '" + definition.name() + "' is a "
          + definition.getClass().getSimpleName() + ", which this version cannot enqueue");
    }
    @SuppressWarnings("unchecked")
    Loop<Object, Object, Object> loop = (Loop<Object, Object, Object>) l;
    Object typedInput = Json.convert(input, loop.types().input(), "input of " + loop.name());
    var existing = engine.store().find(runId);
    if (existing.isPresent()) {
      return same(existing.get(), loop, input);
    }
    Object state;
    try {
      state = loop.start(typedInput);
    } catch (InvalidInputException e) {
      throw e;
    } catch (Exception e) {
      throw new InvalidInputException("start of " + loop.name() + " rejected the input: "
          + e.getMessage(), e);
    }
    if (state == null) {
      throw new InvalidInputException("start of " + loop.name() + " returned a null state");
    }
    byte[] stateBytes = Json.encode(state, "initial state of " + loop.name());
    Json.decode(stateBytes, loop.types().state(), "initial state of " + loop.name());
    long now = engine.clock().millis();
    byte[] started = Entries.runStarted(loop.name(), loop.version(), input,
        Json.tree(stateBytes));
    byte[] link = engine.chain().link(HashChain.genesis(), runId, 1, EntryKind.RUN_STARTED, 0,
        now, HashChain.digest(started));
    List<Blob> blobs = new ArrayList<>();
    Payload startedPayload = RunWriter.payload(started, engine.inlineLimit(), blobs);
    Payload statePayload = RunWriter.payload(stateBytes, engine.inlineLimit(), blobs);
    NewRun n = new NewRun(runId, new RunRecord.RunHeader(loop.name(), loop.version(), now,
        null), statePayload,
        List.of(new JournalRecord(1, EntryKind.RUN_STARTED, 0, now, startedPayload,
            HashChain.stored(link))),
        new ChainHead(1, link, engine.chain().isKeyed()), blobs, null, 0);
    Store.Created created = engine.store().enqueue(n, new Enqueue(options.queue(),
        options.priority(), options.dedupId()));
    if (!created.created() && created.run().runId().equals(runId)) {
      return same(created.run(), loop, input);
    }
    // Created, or the unfinished run with the same deduplication id.
    engine.wakeAt(now);
    return engine.info(created.run());
  }

  /** The existing run with this id, if it is the same definition and input. */
  private RunInfo same(RunRecord run, Loop<Object, Object, Object> loop, JsonNode input) {
    if (!run.header().definition().equals(loop.name())) {
      throw new InvalidInputException("run '" + run.runId() + "' already exists for definition '"
          + run.header().definition() + "', not '" + loop.name() + "'; choose another run id");
    }
    List<JournalRecord> first = engine.store().journal(run.key(), 0, 1);
    JsonNode recorded = first.isEmpty() ? Json.object()
        : Json.tree(engine.bytes(first.get(0).payload())).path("input");
    if (!recorded.equals(input)) {
      throw new InvalidInputException("run '" + run.runId() + "' already exists with input "
          + Json.text(recorded) + ", not " + Json.text(input) + "; choose another run id");
    }
    return engine.info(run);
  }
}
