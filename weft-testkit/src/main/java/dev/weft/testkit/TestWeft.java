package dev.weft.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ManualClock;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.WeftException;
import dev.weft.internal.Json;
import dev.weft.spi.RunQuery;
import dev.weft.spi.RunRecord;
import dev.weft.spi.Store;
import dev.weft.workflow.NonDeterminismException;
import dev.weft.workflow.Replayer;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An in-memory Weft for tests, on a {@link ManualClock} that skips time: {@link #result} moves
 * the clock to the next timer whenever every run is waiting, so a workflow that sleeps a day
 * completes at once. No scheduler runs; this class continues due runs itself.
 */
public final class TestWeft implements AutoCloseable {
  private static final Duration REAL_TIME_LIMIT = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock();
  private final Weft weft = Weft.builder().url("memory:").clock(clock).scheduler(false)
      .discoverDefinitions(false).build();

  /** The Weft under test. */
  public Weft weft() {
    return weft;
  }

  /** The clock: starts at 2030-01-01T00:00:00Z, moves only when told or skipped. */
  public ManualClock clock() {
    return clock;
  }

  public <I, R> WorkflowHandle<R> start(Workflow<I, R> workflow, I input) {
    return weft.workflows().start(workflow, input);
  }

  public <I, R> WorkflowHandle<R> start(Workflow<I, R> workflow, I input, StartOptions options) {
    return weft.workflows().start(workflow, input, options);
  }

  /**
   * Runs the clock forward as far as needed and returns the run's result: whenever no run
   * executes and what they wait for is a time, the clock jumps to the earliest one.
   *
   * @throws AssertionError if the run waits for a signal nobody sends
   */
  public <R> R result(WorkflowHandle<R> handle) {
    long deadline = System.nanoTime() + REAL_TIME_LIMIT.toNanos();
    int idle = 0;
    while (true) {
      RunStatus s = handle.status();
      if (s.isTerminal() || s == RunStatus.NEEDS_ATTENTION) {
        return handle.result(Duration.ofSeconds(1));
      }
      if (step()) {
        idle = 0;
      } else if (++idle > 200 && s == RunStatus.WAITING) {
        throw new AssertionError("run " + handle.runId() + " waits for something no timer"
            + " brings: " + handle.info().detail());
      } else {
        pause();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("run " + handle.runId() + " is still " + s + " after "
            + REAL_TIME_LIMIT + " of real time");
      }
    }
  }

  /**
   * Continues due runs, or moves the clock to the next timer if every run waits; false if
   * nothing could be done (a run executes, or all wait for signals).
   */
  public boolean step() {
    Store store = weft.store();
    List<RunRecord> waiting = store.list(RunQuery.all().withStatus(RunStatus.WAITING)
        .page(0, 10_000));
    for (RunRecord r : store.list(RunQuery.all().withStatus(RunStatus.RUNNING)
        .page(0, 10_000))) {
      if (r.lease().isHeld()) {
        return false; // let executions settle first
      }
    }
    Set<String> names = new HashSet<>();
    waiting.forEach(r -> names.add(r.header().definition()));
    if (names.isEmpty()) {
      return false;
    }
    long now = clock.millis();
    List<RunRecord> due = store.due(now, names, 100);
    boolean moved = false;
    for (RunRecord r : due) {
      if (r.lease().isHeld()) {
        continue;
      }
      try {
        weft.resume(r.runId());
        moved = true;
      } catch (WeftException e) {
        // Taken by a background execution meanwhile.
      }
    }
    if (moved) {
      return true;
    }
    OptionalLong next = store.nextWake(now, names);
    if (next.isPresent() && next.getAsLong() > now) {
      clock.advance(Duration.ofMillis(next.getAsLong() - now));
      return true;
    }
    return false;
  }

  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Assertions on a run's journal. */
  public JournalAssert journal(String runId) {
    return new JournalAssert(weft, runId);
  }

  /** The run's history as JSON (as {@code weft history --export} writes it). */
  public JsonNode export(String runId) {
    return weft.workflows().export(runId);
  }

  /** Writes the run's history to {@code file}, to check it into the repository. */
  public void export(String runId, Path file) {
    try {
      Files.writeString(file, Json.pretty(export(runId)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replays a recorded history against the workflow's current code.
   *
   * @throws NonDeterminismException naming the first position where the code differs
   */
  public static void assertReplays(Workflow<?, ?> workflow, JsonNode history) {
    Replayer.replay(workflow, history);
  }

  /** Replays a history file ({@code weft history --export FILE}) against the current code. */
  public static void assertReplays(Workflow<?, ?> workflow, Path historyFile) {
    try {
      assertReplays(workflow, Json.parse(Files.readString(historyFile), historyFile.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    weft.close();
  }
}
