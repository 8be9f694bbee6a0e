package dev.weft.sqlite.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.Weft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two child JVMs resume the same run on the same SQLite file at once. A child holds its first
 * effect until the test writes to its stdin (a latch, no sleeping), so the other always meets a
 * held run: without waiting it is refused naming the holder; with {@code resumeWhenFree} it
 * waits, then continues what the holder left (or finds it completed).
 */
class ContentionTest {
  private static final int COUNT = 12;
  private static final String RUN = "contended";
  private static final String FILE = "charges.txt";

  @TempDir Path dir;

  /** The run, started in this process and paused after its first step. */
  @BeforeEach
  void startRunPausedAfterOneStep() {
    try (Weft weft = Weft.open(url())) {
      RunInfo r = weft.run(new ChargeLoop(ChargeLoop.Variant.FULL, dir,
          ChargeLoop.Pacing.none()), RUN, new ChargeLoop.Input(FILE, COUNT),
          RunOptions.defaults().withMaxSteps(1));
      assertEquals(RunStatus.PAUSED, r.status());
    }
  }

  @Test
  void ofTwoProcessesResumingOneRunOneExecutesAndTheOtherIsToldWhoHoldsIt() throws Exception {
    try (Child a = child("resume", "gate=true"); Child b = child("resume", "gate=true")) {
      // Whichever claims first stops at its first effect, still holding the run.
      Optional<String> fromA = a.await(e -> e.startsWith("GATED") || e.startsWith("HELD"));
      Optional<String> fromB = b.await(e -> e.startsWith("GATED") || e.startsWith("HELD"));
      assertTrue(fromA.isPresent() && fromB.isPresent(), a.output() + "\n--\n" + b.output());
      boolean aHolds = fromA.get().startsWith("GATED");
      Child holder = aHolds ? a : b;
      Child refused = aHolds ? b : a;
      String held = (aHolds ? fromB : fromA).get();
      assertTrue(held.startsWith("HELD run '" + RUN + "' is held by "), held);
      assertTrue(held.contains("/" + holder.pid() + "/") && held.contains(" until "),
          "the error names the holder's process and the lease's end: " + held);
      assertEquals(3, refused.exit(), refused.output());

      holder.send("go");
      assertEquals(0, holder.exit(), holder.output());
      assertEquals(Optional.of("STATUS COMPLETED " + COUNT + " " + COUNT),
          holder.await("STATUS"));
      assertEquals(IntStream.range(1, COUNT).boxed().toList(), appended(holder));
      assertEquals(List.of(), appended(refused));
    }
    assertEachChargeOnceAndCompleted();
  }

  @Test
  void aResumerThatWaitsContinuesTheRunOnceItsHolderPauses() throws Exception {
    try (Child holder = child("resume", "gate=true", "maxSteps=5")) {
      assertTrue(holder.await("GATED").isPresent(), holder.output());
      try (Child waiter = child("wait")) {
        // The waiter has found the run held by a live process and waits for its lease.
        assertTrue(waiter.await("WAITING").isPresent(), waiter.output());
        holder.send("go");
        assertEquals(0, holder.exit(), holder.output());
        assertEquals(Optional.of("STATUS PAUSED 6 -"), holder.await("STATUS"));
        assertEquals(0, waiter.exit(), waiter.output());
        assertEquals(Optional.of("STATUS COMPLETED " + COUNT + " " + COUNT),
            waiter.await("STATUS"));
        assertEquals(List.of(1, 2, 3, 4, 5), appended(holder));
        assertEquals(IntStream.range(6, COUNT).boxed().toList(), appended(waiter));
      }
    }
    assertEachChargeOnceAndCompleted();
  }

  @Test
  void aResumerThatWaitsFindsTheRunCompletedByItsHolder() throws Exception {
    try (Child holder = child("resume", "gate=true")) {
      assertTrue(holder.await("GATED").isPresent(), holder.output());
      try (Child waiter = child("wait")) {
        assertTrue(waiter.await("WAITING").isPresent(), waiter.output());
        holder.send("go");
        assertEquals(0, holder.exit(), holder.output());
        assertEquals(4, waiter.exit(), waiter.output());
        Optional<String> state = waiter.await("STATE");
        assertEquals(Optional.of("STATE COMPLETED run '" + RUN + "' is COMPLETED: it has ended;"
            + " nothing to resume"), state);
        assertEquals(List.of(), appended(waiter));
      }
    }
    assertEachChargeOnceAndCompleted();
  }

  @Test
  void aResumerThatWaitsTakesOverAtOnceWhenTheHolderIsKilled() throws Exception {
    try (Child holder = child("resume", "gate=true")) {
      assertTrue(holder.await("GATED").isPresent(), holder.output());
      try (Child waiter = child("wait")) {
        assertTrue(waiter.await("WAITING").isPresent(), waiter.output());
        assertEquals(Child.SIGKILLED, holder.kill());
        // The lease has a minute left, but its holder is provably dead: no waiting for it.
        assertEquals(0, waiter.exit(), waiter.output());
        assertEquals(Optional.of("STATUS NEEDS_ATTENTION 1 -"), waiter.await("STATUS"));
      }
    }
    try (Weft weft = Weft.open(url())) {
      // The holder died before its effect: an operator finds no line and lets it be retried.
      assertEquals("s1.c0 retry", Operator.resolve(weft, RUN, dir));
      weft.register(new ChargeLoop(ChargeLoop.Variant.FULL, dir, ChargeLoop.Pacing.none()));
      assertEquals(RunStatus.COMPLETED, weft.resume(RUN).status());
      assertEquals(List.of("1 INTERRUPTED stopped during this step", "2 INTERRUPTED in doubt",
          "3 SUCCEEDED"), attemptsOfStep(weft, 1));
    }
    assertEachChargeOnceAndCompleted();
  }

  @Test
  void aHolderStoppedPastItsLeaseCannotCommitAfterAnotherTookOver() throws Exception {
    try (Child holder = child("resume", "gate=true", "ttlMillis=1000")) {
      assertTrue(holder.await("GATED").isPresent(), holder.output());
      signal(holder, "STOP");
      try (Child waiter = child("wait")) {
        // A stopped process is alive: the waiter waits until its lease expires.
        assertTrue(waiter.await("WAITING").isPresent(), waiter.output());
        assertEquals(0, waiter.exit(), waiter.output());
        assertEquals(Optional.of("STATUS NEEDS_ATTENTION 1 -"), waiter.await("STATUS"));
      } finally {
        signal(holder, "CONT");
      }
      // The old holder makes its effect, but its epoch is stale: nothing it writes commits.
      holder.send("go");
      assertEquals(1, holder.exit(), holder.output());
      Optional<String> error = holder.await("ERROR");
      assertTrue(error.isPresent() && error.get().contains("LeaseLostException"),
          holder.output());
      assertEquals(List.of(1), appended(holder));
    }
    try (Weft weft = Weft.open(url())) {
      assertEquals("s1.c0 result", Operator.resolve(weft, RUN, dir));
      weft.register(new ChargeLoop(ChargeLoop.Variant.FULL, dir, ChargeLoop.Pacing.none()));
      assertEquals(RunStatus.COMPLETED, weft.resume(RUN).status());
    }
    assertEachChargeOnceAndCompleted();
  }

  @Test
  void ofTwoProcessesStartingOneRunOnANewDatabaseOneRunsItAndTheOtherIsRefused()
      throws Exception {
    Path fresh = Files.createDirectories(dir.resolve("fresh"));
    List<String> args = List.of("db=" + fresh.resolve("weft.db"), "run=" + RUN,
        "variant=FULL", "base=" + fresh, "file=" + FILE, "count=" + COUNT, "gate=true");
    try (Child a = Child.start(args); Child b = Child.start(args)) {
      Optional<String> fromA = a.await(e -> e.startsWith("GATED") || e.startsWith("HELD"));
      Optional<String> fromB = b.await(e -> e.startsWith("GATED") || e.startsWith("HELD"));
      assertTrue(fromA.isPresent() && fromB.isPresent(), a.output() + "\n--\n" + b.output());
      assertEquals(1, (fromA.get().startsWith("GATED") ? 1 : 0)
          + (fromB.get().startsWith("GATED") ? 1 : 0), fromA.get() + " / " + fromB.get());
      Child holder = fromA.get().startsWith("GATED") ? a : b;
      Child refused = holder == a ? b : a;
      assertEquals(3, refused.exit(), refused.output());
      holder.send("go");
      assertEquals(0, holder.exit(), holder.output());
      assertEquals(IntStream.range(0, COUNT).mapToObj(ChargeLoop::line).toList(),
          ChargeLoop.lines(fresh.resolve(FILE)));
    }
  }

  private Child child(String mode, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("db=" + dir.resolve("weft.db"), "run=" + RUN,
        "variant=FULL", "base=" + dir, "mode=" + mode, "pauseMillis=1"));
    args.addAll(List.of(extra));
    return Child.start(args);
  }

  /** Sends a signal (STOP, CONT) to a child; Java can only send TERM and KILL itself. */
  private static void signal(Child child, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid()))
        .inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + signal + " " + child.pid());
  }

  /** Attempts of one step as "attempt OUTCOME [failure message part]". */
  private static List<String> attemptsOfStep(Weft weft, long step) {
    return Journals.attempts(weft, RUN).stream().filter(a -> a.step() == step)
        .map(a -> a.attempt() + " " + a.outcome() + (a.failure() == null ? ""
            : a.failure().message().contains("in doubt") ? " in doubt"
            : a.failure().message().contains("stopped during this step")
                ? " stopped during this step" : " " + a.failure().message()))
        .toList();
  }

  /** The effects a child reported, from its whole output. */
  private static List<Integer> appended(Child child) {
    return child.output().lines().filter(l -> l.startsWith("WEFT APPENDED "))
        .map(l -> Integer.parseInt(l.substring("WEFT APPENDED ".length()))).toList();
  }

  private void assertEachChargeOnceAndCompleted() throws Exception {
    assertEquals(IntStream.range(0, COUNT).mapToObj(ChargeLoop::line).toList(),
        ChargeLoop.lines(dir.resolve(FILE)), "each charge happened exactly once");
    try (Weft weft = Weft.open(url())) {
      RunInfo r = weft.get(RUN);
      assertEquals(RunStatus.COMPLETED, r.status());
      assertEquals(COUNT, r.result(Integer.class));
      assertEquals(IntStream.range(0, COUNT).mapToObj(i -> "s" + i + ".c0").toList(),
          Journals.ofKind(Journals.history(weft, RUN), "TOOL_RESULT").stream()
              .map(e -> e.data().path("key").asText()).toList(),
          "one recorded result per call: no call was made twice");
      assertTrue(weft.inspector().verify(RUN).intact());
    }
  }

  private String url() {
    return "sqlite:" + dir.resolve("weft.db");
  }
}
