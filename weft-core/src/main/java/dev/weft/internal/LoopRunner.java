package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.CheckpointPolicy;
import dev.weft.ErrorClass;
import dev.weft.Failure;
import dev.weft.InvalidInputException;
import dev.weft.LeaseLostException;
import dev.weft.Loop;
import dev.weft.RetryPolicy;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.Transition;
import dev.weft.Wake;
import dev.weft.spi.AttemptRecord;
import dev.weft.spi.Claim;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.RunRecord;
import dev.weft.spi.RunUpdate;
import dev.weft.spi.StaleCommitException;
import dev.weft.spi.Store;
import dev.weft.spi.Waiting;
import dev.weft.spi.Wakeup;
import java.lang.reflect.Type;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Executes one claimed loop run until it completes, fails, pauses on a budget, or needs an
 * operator. Every step commits its new state, journal entry and attempt record in one
 * transaction; the lease epoch on each commit fences off any other executor.
 */
public final class LoopRunner<I, S, R> {
  private final Engine engine;
  private final Loop<I, S, R> loop;
  private final Loop.Types types;
  private final CheckpointPolicy checkpoint;
  private final RetryPolicy retry;
  private final RunOptions options;
  private final Tools tools;
  private boolean freshRetryBudget;
  private boolean freshRun;
  private @Nullable S initialState;
  private boolean background;
  private Waits.@Nullable Woken woken;

  public LoopRunner(Engine engine, Loop<I, S, R> loop, RunOptions options) {
    this.engine = engine;
    this.loop = loop;
    this.types = loop.types();
    this.checkpoint = options.checkpoint() != null ? options.checkpoint()
        : loop.options().checkpoint();
    this.retry = options.retry() != null ? options.retry() : loop.options().retry();
    this.options = options;
    this.tools = Tools.of(loop.tools());
  }

  /** Counts failed attempts from zero, ignoring those before an operator's retry. */
  LoopRunner<I, S, R> freshRetryBudget() {
    freshRetryBudget = true;
    return this;
  }

  /**
   * The run was just created by this executor, with {@code state} decoded from the bytes it was
   * created with: no attempts or calls to read, and no state to decode again.
   */
  LoopRunner<I, S, R> freshRun(S state) {
    freshRun = true;
    initialState = state;
    return this;
  }

  /**
   * The run is WAITING and due: {@code value} is what wakes it, journaled (and its signal
   * consumed) in the commit that starts the next step.
   */
  LoopRunner<I, S, R> woken(Waits.@Nullable Woken value) {
    woken = value;
    return this;
  }

  /**
   * The scheduler executes the run, not a caller: if this instance closes meanwhile, the run is
   * paused due at once, so that the next worker continues it.
   */
  LoopRunner<I, S, R> background() {
    background = true;
    return this;
  }

  /** Runs the claimed run; returns how it stopped, with the lease released. */
  public RunInfo drive(Claim.Granted granted) {
    RunRecord run = granted.run();
    Engine.Execution execution = engine.start(run);
    boolean released = false;
    try {
      // The run as its last commit left it (with the lease released): no read needed. It is
      // turned into a RunInfo while the execution still counts as active, so that a Weft
      // closing meanwhile keeps its store open until this run has reported.
      RunRecord last = execute(run, granted.previousOwner(), execution);
      released = true;
      return engine.info(last);
    } catch (StaleCommitException e) {
      if (e.leaseLost()) {
        execution.lost = true;
        throw new LeaseLostException(run.runId(), run.lease().epoch());
      }
      throw e;
    } finally {
      engine.finish(execution, !released);
    }
  }

  private RunRecord execute(RunRecord run, @Nullable String previousOwner,
      Engine.Execution execution) {
    Store store = engine.store();
    RunWriter writer = new RunWriter(store, engine.chain(), engine.inlineLimit(), run);
    long step = run.progress().steps();
    S state = freshRun && initialState != null ? initialState
        : decodeState(engine.bytes(run.progress().state()), step);
    // A run this executor has just created (RUNNING under its first lease), or a waiting run
    // (whose wait committed the previous step), has no attempts and no calls for this step yet:
    // skip the reads, which matters when thousands of runs start or wake at once.
    boolean fresh = freshRun || run.status() == RunStatus.WAITING;
    Store.AttemptSummary summary = fresh ? new Store.AttemptSummary(0, 0)
        : store.attemptSummary(run.key(), step);
    int attempt = summary.last();
    int failed = freshRetryBudget ? 0 : summary.failed();
    if (run.status() == RunStatus.RUNNING && !fresh) {
      // The previous execution stopped inside this step: its holder vanished without releasing,
      // or an error escaped it (then the lease was released, so there is no previous owner).
      // Whatever attempt it was making was interrupted. Record it, so attempt numbers continue
      // and the history says so.
      attempt++;
      long now = engine.clock().millis();
      writer.attempt(new AttemptRecord(step, attempt, run.updatedMillis(), now,
          AttemptRecord.Outcome.INTERRUPTED, Failure.of(ErrorClass.TRANSIENT,
              (previousOwner != null ? "executor " + previousOwner : "the previous execution")
                  + " stopped during this step")));
    }
    Wake wake;
    if (run.status() == RunStatus.WAITING) {
      if (woken == null) {
        throw new IllegalStateException("run " + run.runId() + " is WAITING and was not woken");
      }
      long seq = writer.append(woken.kind(), step, engine.clock().millis(), woken.entry());
      writer.wakeup(new Wakeup(seq, woken.signalSeq()));
      wake = woken.wake();
    } else {
      wake = fresh ? null : new Waits(engine).recorded(run, step);
    }
    if (run.status() != RunStatus.RUNNING || writer.hasPending()) {
      // Mark the run RUNNING before its first attempt, so that a crash during that attempt is
      // recognised (and recorded as interrupted) by whoever resumes it.
      writer.commit(update(RunStatus.RUNNING, step, false), false);
    }
    ToolCalls calls = new ToolCalls(engine, tools, writer, run.key(), run.runId());
    if (fresh) {
      calls.assumeNoRecordedCalls();
    }
    calls.enterStep(step);
    long budget = options.maxSteps();
    long deadline = options.maxDuration() == null ? Long.MAX_VALUE
        : engine.clock().millis() + options.maxDuration().toMillis();
    long executed = 0;
    while (true) {
      if (execution.lost()) {
        throw new LeaseLostException(run.runId(), writer.epoch());
      }
      String pause = budget > 0 && executed >= budget ? "max_steps"
          : engine.clock().millis() >= deadline ? "max_duration"
          : engine.closing() ? "shutdown" : null;
      if (pause != null) {
        long now = engine.clock().millis();
        writer.append(EntryKind.RUN_PAUSED, step, now, Entries.reason(pause));
        writer.commit(new RunUpdate(RunStatus.PAUSED, step, null, null, null, null,
            background && pause.equals("shutdown") ? Waiting.dueAt(now) : null, true), true);
        return writer.record();
      }
      attempt++;
      long started = engine.clock().millis();
      StepCtx ctx = new StepCtx(engine, run.runId(), step, attempt, calls, wake);
      Transition<S, R> transition;
      try {
        transition = loop.step(state, ctx);
        if (calls.doubt() != null) {
          throw calls.doubt();
        }
        if (transition == null) {
          throw new InvalidInputException("step " + step + " of " + loop.name()
              + " returned null; return Transition.next, await, complete or fail");
        }
      } catch (ToolCalls.InDoubt doubt) {
        writer.attempt(new AttemptRecord(step, attempt, started, engine.clock().millis(),
            AttemptRecord.Outcome.INTERRUPTED, Failure.of(ErrorClass.UNKNOWN,
                "tool call '" + doubt.key + "' is in doubt")));
        JsonNode detail = Entries.attention(doubt.key, doubt.tool, step);
        writer.append(EntryKind.ATTENTION_NEEDED, step, engine.clock().millis(),
            Json.bytes(detail));
        writer.commit(new RunUpdate(RunStatus.NEEDS_ATTENTION, step, null, null, null,
            Json.text(detail), null, true), true);
        return writer.record();
      } catch (StaleCommitException | LeaseLostException | StoreException e) {
        throw e;
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        Failure failure = Failure.of(e);
        failed++;
        writer.attempt(new AttemptRecord(step, attempt, started, engine.clock().millis(),
            AttemptRecord.Outcome.FAILED, failure));
        if (retry.shouldRetry(failure.errorClass(), failed)) {
          writer.commit(RunUpdate.progress(step, null), false);
          sleep(retry.backoff().delay(failed, engine.random()));
          continue;
        }
        writer.append(EntryKind.RUN_FAILED, step, engine.clock().millis(),
            Entries.failure(failure));
        writer.commit(new RunUpdate(RunStatus.FAILED, step, null, null, failure, null, null,
            true), true);
        return writer.record();
      }
      long ended = engine.clock().millis();
      // The successful attempt is recorded in the entry that commits the step (no row of its
      // own); the compact policy records it only when the step needed more than one attempt.
      JournalRecord.Stamp stamp = checkpoint.recordsEveryAttempt() || attempt > 1
          ? new JournalRecord.Stamp(attempt, started) : null;
      switch (transition) {
        case Transition.Next<S, R> next -> {
          byte[] bytes;
          S decoded;
          try {
            bytes = Json.encode(next.state(), "state after step " + step);
            // Continue from the decoded state, exactly what a resumed run would see; a state
            // that cannot be read back fails the step instead of being committed.
            decoded = Json.decode(bytes, types.state(), "state after step " + step);
          } catch (InvalidInputException e) {
            fail(writer, step, attempt, started, ended, Failure.of(ErrorClass.VALIDATION,
                e.getMessage()));
            return writer.record();
          }
          writer.append(EntryKind.STEP_COMMITTED, step, ended, stamp,
              checkpoint.keepsState(step) ? bytes : new byte[0]);
          writer.commit(RunUpdate.progress(step + 1, writer.payload(bytes)), false);
          state = decoded;
          step++;
          executed++;
          attempt = 0;
          failed = 0;
          wake = null;
          calls.enterStep(step);
        }
        case Transition.Wait<S, R> w -> {
          byte[] bytes;
          Waits.Plan plan;
          try {
            bytes = Json.encode(w.state(), "state after step " + step);
            Json.decode(bytes, types.state(), "state after step " + step);
            plan = Waits.plan(w.waitFor(), ended, run.runId());
          } catch (InvalidInputException e) {
            fail(writer, step, attempt, started, ended, Failure.of(ErrorClass.VALIDATION,
                e.getMessage()));
            return writer.record();
          }
          writer.append(EntryKind.STEP_COMMITTED, step, ended, stamp,
              checkpoint.keepsState(step) ? bytes : new byte[0]);
          writer.append(EntryKind.RUN_WAITING, step + 1, ended, plan.entry());
          writer.commit(new RunUpdate(RunStatus.WAITING, step + 1, writer.payload(bytes), null,
              null, plan.detailText(), plan.waiting(), true), true);
          announce(run, plan.waiting(), ended);
          return writer.record();
        }
        case Transition.Complete<S, R> done -> {
          byte[] result;
          try {
            result = Json.encode(done.result(), "result of step " + step);
            Json.decode(result, types.result(), "result of step " + step);
          } catch (InvalidInputException e) {
            fail(writer, step, attempt, started, ended, Failure.of(ErrorClass.VALIDATION,
                e.getMessage()));
            return writer.record();
          }
          writer.append(EntryKind.STEP_COMMITTED, step, ended, stamp, new byte[0]);
          writer.append(EntryKind.RUN_COMPLETED, step, ended, result);
          writer.commit(new RunUpdate(RunStatus.COMPLETED, step + 1, null,
              writer.payload(result), null, null, null, true), true);
          return writer.record();
        }
        case Transition.Fail<S, R> f -> {
          fail(writer, step, attempt, started, ended, f.failure());
          return writer.record();
        }
      }
    }
  }

  private void fail(RunWriter writer, long step, int attempt, long started, long ended,
      Failure failure) {
    writer.attempt(new AttemptRecord(step, attempt, started, ended,
        AttemptRecord.Outcome.FAILED, failure));
    writer.append(EntryKind.RUN_FAILED, step, ended, Entries.failure(failure));
    writer.commit(new RunUpdate(RunStatus.FAILED, step, null, null, failure, null, null, true),
        true);
  }

  /** Tells the scheduler when the run that just began to wait will be due. */
  private void announce(RunRecord run, Waiting waiting, long now) {
    if (waiting.key() != null
        && engine.store().pendingSignal(run.key(), waiting.key()).isPresent()) {
      engine.wakeAt(now);
    } else if (waiting.wakeAtMillis() != null) {
      engine.wakeAt(waiting.wakeAtMillis());
    }
  }

  private static RunUpdate update(RunStatus status, long steps, boolean release) {
    return new RunUpdate(status, steps, null, null, null, null, null, release);
  }

  private S decodeState(byte[] bytes, long step) {
    Type t = types.state();
    return Json.decode(bytes, t, "state of " + loop.name() + " before step " + step);
  }

  private void sleep(Duration delay) {
    try {
      engine.clock().sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted during retry backoff");
    }
  }
}
