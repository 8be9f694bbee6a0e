package dev.weft.sqlite.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Attempt;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/*
 * kill -9 during a workflow of charge activities (WorkflowChild), at random points after 1 to 3
 * activities began, plus a few milliseconds; each activity pauses 2 ms before and after its
 * effect, so kills often land between its intent and its result. A new child continues the run:
 * idempotent activities in doubt run again under the same key (the service deduplicates);
 * others stop the run in NEEDS_ATTENTION and the child settles them as an operator would. At the
 * end every charge happened exactly once and in order, the result is complete, the journal is
 * intact, and an activity ran more than once only where it was in doubt (an INTERRUPTED attempt
 * records each such case): a recorded activity never ran again.
 */
class WorkflowCrashTest {
  private static final long SEED = Long.getLong("weft.crash.seed", System.nanoTime());
  private static final int KILLS = 5;

  @TempDir Path root;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  @Execution(ExecutionMode.CONCURRENT)
  void aWorkflowKilledAtRandomPointsChargesEachOrderOnceAndCompletes(boolean idempotent)
      throws Exception {
    Random random = new Random(SEED + (idempotent ? 1 : 0));
    System.out.println("workflow crash test seed " + SEED + " idempotent=" + idempotent);
    int count = 8 + random.nextInt(5);
    Path base = Files.createDirectories(root.resolve("idempotent-" + idempotent));
    Path db = base.resolve("weft.db");
    List<String> args = List.of("db=" + db, "base=" + base, "count=" + count,
        "idempotent=" + idempotent);
    int kills = 0;
    boolean done = false;
    for (int children = 0; !done; children++) {
      assertTrue(children < 4 * KILLS, "the run did not complete");
      try (Child child = Child.start(WorkflowChild.class, args)) {
        Optional<String> status = Optional.empty();
        if (kills < KILLS) {
          int calls = 1 + random.nextInt(3);
          int[] seen = {0};
          Optional<String> ready = child.await(e -> e.startsWith("STATUS")
              || e.startsWith("CALL") && ++seen[0] == calls);
          if (ready.isPresent() && ready.get().startsWith("CALL")) {
            Thread.sleep(random.nextInt(6));
            if (child.kill() == Child.SIGKILLED) {
              kills++;
              continue;
            }
          }
          status = ready.filter(e -> e.startsWith("STATUS"));
        }
        assertEquals(0, child.exit(), child.output());
        if (status.isEmpty()) {
          status = child.await("STATUS");
        }
        assertTrue(status.isPresent() && status.get().startsWith("STATUS COMPLETED"),
            child.output());
        done = true;
      }
    }
    assertTrue(kills >= 3, "kills: " + kills);
    List<String> expected = IntStream.range(0, count).mapToObj(i -> "charge-" + i).toList();
    assertEquals(expected, WorkflowChild.lines(base.resolve("charges.txt")),
        "each charge happened exactly once, in order");
    try (Weft weft = Weft.builder().url("sqlite:" + db).scheduler(false).build()) {
      RunInfo run = weft.get("w");
      assertEquals(RunStatus.COMPLETED, run.status());
      assertEquals(IntStream.range(0, count).mapToObj(i -> "receipt-" + i)
          .collect(Collectors.joining(",")), run.result().asText());
      assertTrue(weft.inspector().verify("w").intact());
      List<Attempt> attempts = weft.inspector().attempts("w", 0, 10_000);
      List<String> calls = WorkflowChild.lines(base.resolve("calls.txt"));
      for (int i = 0; i < count; i++) {
        long ran = calls.stream().filter(("call-" + i)::equals).count();
        long pos = 3L * i; // activity, state, step per charge
        long inDoubt = attempts.stream().filter(a -> a.step() == pos
            && a.outcome().equals("INTERRUPTED")).count();
        assertTrue(ran >= 1 && ran <= 1 + inDoubt, "charge " + i + " ran " + ran
            + " times, in doubt " + inDoubt + " times");
      }
    }
  }
}
