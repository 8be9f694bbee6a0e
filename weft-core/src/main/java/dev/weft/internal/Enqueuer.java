package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Definition;
import dev.weft.EnqueueOptions;
import dev.weft.InvalidInputException;
import dev.weft.Loop;
import dev.weft.RunInfo;
import dev.weft.spi.Enqueue;
import dev.weft.spi.NewRun;
import dev.weft.spi.RunRecord;
import dev.weft.spi.Store;

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
    NewRun n = Launcher.newLoopRun(engine, loop, runId, input, state, null).run();
    long now = n.header().createdMillis();
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
    Launcher.checkSameStart(engine, run, loop.name(), input);
    return engine.info(run);
  }
}
