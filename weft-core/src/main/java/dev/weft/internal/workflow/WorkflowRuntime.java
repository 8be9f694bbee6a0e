package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.Definition;
import dev.weft.InvalidInputException;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.WeftException;
import dev.weft.internal.Definitions;
import dev.weft.internal.Engine;
import dev.weft.internal.HashChain;
import dev.weft.internal.Json;
import dev.weft.internal.Launcher;
import dev.weft.internal.RunWriter;
import dev.weft.internal.Signals;
import dev.weft.internal.Waits;
import dev.weft.spi.Blob;
import dev.weft.spi.ChainHead;
import dev.weft.spi.Claim;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.NewRun;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import dev.weft.spi.Store;
import dev.weft.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The workflow model on one Weft instance: creates workflow runs, executes them (as a {@link
 * Launcher.Kind}, so resume, retry, the scheduler and the CLI reach them), runs background
 * executions on virtual threads, and knows which runs are being cancelled here.
 */
public final class WorkflowRuntime implements Launcher.Kind, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WorkflowRuntime.class.getName());
  static final String CANCEL = "weft.cancel";

  final Engine engine;
  final Definitions definitions;
  final Launcher launcher;
  private final ExecutorService background = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("weft-workflow-", 0).factory());
  final Set<String> cancelling = ConcurrentHashMap.newKeySet();
  final Map<String, Thread> activities = new ConcurrentHashMap<>();
  private final Object changes = new Object();
  /** Whether a scheduler continues due runs of this instance (else this runtime does). */
  private final boolean scheduled;

  public WorkflowRuntime(Engine engine, Definitions definitions, Launcher launcher,
      boolean scheduled) {
    this.engine = engine;
    this.definitions = definitions;
    this.launcher = launcher;
    this.scheduled = scheduled;
    launcher.addKind(this);
  }

  @Override
  public boolean accepts(Definition d) {
    return d instanceof Workflow<?, ?>;
  }

  @SuppressWarnings("unchecked")
  static Workflow<Object, Object> cast(Definition d) {
    return (Workflow<Object, Object>) d;
  }

  @Override
  public RunInfo start(Definition d, String runId, JsonNode input, RunOptions options,
      boolean wait) {
    Workflow<Object, Object> wf = cast(d);
    Json.convert(input, wf.types().input(), "input of " + wf.name());
    Store.Created c = create(wf, runId, input, options.owner(), null, null);
    if (c.created()) {
      return new Runner(this, wf, c.run()).fresh().drive(new Claim.Granted(c.run(), null), null);
    }
    RunRecord r = c.run();
    if (r.status() == RunStatus.PENDING || r.status() == RunStatus.RUNNING) {
      return launcher.resume(runId, options, wait);
    }
    return engine.info(r);
  }

  /** A waiting workflow with a cancellation pending receives it at its wait. */
  @Override
  public boolean interrupted(RunRecord waiting) {
    return engine.store().pendingSignal(waiting.key(), CANCEL).isPresent();
  }

  @Override
  public RunInfo drive(Definition d, Claim.Granted granted, RunOptions options,
      Waits.@Nullable Woken woken, boolean background, boolean freshRetryBudget) {
    Runner runner = new Runner(this, cast(d), granted.run());
    if (background) {
      runner.background();
    }
    return runner.drive(granted, woken);
  }

  /**
   * Creates a run held by this instance (or returns the existing one with this id, which must
   * be of the same workflow).
   */
  Store.Created create(Workflow<?, ?> wf, String runId, JsonNode input, @Nullable String owner,
      @Nullable String parent, @Nullable JsonNode continued) {
    definitions.register(wf);
    // No read first: creating returns the existing run untouched if there is one.
    long now = engine.clock().millis();
    ObjectNode started = Json.object();
    started.put("definition", wf.name());
    started.put("version", wf.version());
    started.put("model", "workflow");
    started.set("input", input);
    if (owner != null) {
      started.put("owner", owner);
    }
    if (continued != null) {
      started.set("continued_from", continued);
    }
    byte[] bytes = Json.bytes(started);
    byte[] link = engine.chain().link(HashChain.genesis(), runId, 1, EntryKind.RUN_STARTED, 0,
        now, HashChain.digest(bytes));
    List<Blob> blobs = new ArrayList<>();
    Payload entry = RunWriter.payload(bytes, engine.inlineLimit(), blobs);
    Payload view = RunWriter.payload(Json.bytes(RunView.initial(wf, owner)),
        engine.inlineLimit(), blobs);
    NewRun n = new NewRun(runId, new RunRecord.RunHeader(wf.name(), wf.version(), now, parent),
        view, List.of(new JournalRecord(1, EntryKind.RUN_STARTED, 0, now, entry,
            HashChain.stored(link))), new ChainHead(1, link, engine.chain().isKeyed()), blobs,
        engine.ownerId(), engine.leaseUntil(now));
    Store.Created c = engine.create(n);
    if (!c.created()) {
      checkSame(c.run(), wf);
    }
    return c;
  }

  private static RunRecord checkSame(RunRecord r, Workflow<?, ?> wf) {
    if (!r.header().definition().equals(wf.name())) {
      throw new InvalidInputException("run '" + r.runId() + "' already exists for definition '"
          + r.header().definition() + "', not '" + wf.name() + "'; choose another run id");
    }
    return r;
  }

  /** Executes a run this instance just created, in the background. */
  void driveNew(Workflow<Object, Object> wf, RunRecord run) {
    submit(() -> new Runner(this, wf, run).fresh().background()
        .run(new Claim.Granted(run, null), null));
  }

  /**
   * A waiting run became due (a signal for it arrived): the scheduler continues it if there is
   * one (two claimants in one process would fence each other off), otherwise this runtime.
   */
  void due(String runId) {
    if (scheduled) {
      engine.wakeAt(engine.clock().millis());
    } else {
      resumeLater(runId);
    }
  }

  /** Resumes a run in the background if it can be resumed now; quiet if it cannot. */
  void resumeLater(String runId) {
    submit(() -> {
      try {
        launcher.resume(runId, RunOptions.defaults(), false);
      } catch (WeftException e) {
        // Held by someone else, not due, or ended: whoever holds it continues it.
      }
    });
  }

  /**
   * Stores a cancellation for the run (an interrupting signal: a waiting run becomes due
   * wherever it is executed), unless one is stored already that the run has not received yet.
   *
   * @throws dev.weft.IllegalRunStateException if the run has ended
   */
  RunInfo storeCancel(RunRecord run, String reason) {
    if (engine.store().pendingSignal(run.key(), CANCEL).isPresent()) {
      return engine.info(run); // asked already; one cancellation is delivered, not two
    }
    return new Signals(engine).interrupt(run.runId(), CANCEL, Json.tree(reason));
  }

  /** Delivers a cancellation to a WAITING run: replays it to its wait, which then sees it. */
  void cancelWaiting(String runId, String definition) {
    if (!definitions.names().contains(definition)) {
      // Not executable here: the cancellation made the run due for whichever scheduler or
      // worker has its workflow registered.
      return;
    }
    submit(() -> {
      Claim.Granted g = engine.claim(runId, true);
      RunRecord held = g.run();
      if (held.status() != RunStatus.WAITING
          || engine.store().pendingSignal(held.key(), CANCEL).isEmpty()) {
        engine.giveBack(held);
        return;
      }
      new Runner(this, cast(definitions.get(held.header().definition())), held).background()
          .drive(g, null);
    });
  }

  void submit(Runnable task) {
    try {
      background.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "background workflow execution stopped", e);
        } finally {
          changed();
        }
      });
    } catch (RejectedExecutionException e) {
      // Closing: the run stays where it is committed; the next executor continues it.
    }
  }

  /** Something about workflow runs changed here: wakes {@link #awaitChange}. */
  void changed() {
    synchronized (changes) {
      changes.notifyAll();
    }
  }

  /** Waits for a change here, or {@code atMost} (changes elsewhere are seen by polling). */
  void awaitChange(Duration atMost) throws InterruptedException {
    synchronized (changes) {
      changes.wait(Math.max(1, atMost.toMillis()));
    }
  }

  @Override
  public void close() {
    background.shutdown();
    try {
      if (!background.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
        background.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      background.shutdownNow();
    }
  }
}
