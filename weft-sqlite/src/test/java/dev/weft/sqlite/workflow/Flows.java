package dev.weft.sqlite.workflow;

import dev.weft.JournalEntry;
import dev.weft.ManualClock;
import dev.weft.Weft;
import dev.weft.workflow.Activity;
import dev.weft.workflow.ActivityOptions;
import dev.weft.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Workflows and helpers shared by the workflow tests. */
final class Flows {
  private Flows() {}

  static final Duration WAIT = Duration.ofSeconds(30);

  static Weft open(Path dir, ManualClock clock) {
    return Weft.builder().url("sqlite:" + dir.resolve("weft.db")).clock(clock)
        .pollInterval(Duration.ofMillis(20)).build();
  }

  static List<String> kinds(Weft weft, String runId) {
    return weft.inspector().history(runId, 0, 10_000).stream().map(JournalEntry::kind).toList();
  }

  /** Waits (up to 30 s of real time, polling) until the run has {@code status}. */
  static void awaitStatus(dev.weft.workflow.WorkflowHandle<?> h, dev.weft.RunStatus status)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (h.status() != status) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("run " + h.runId() + " is " + h.status() + ", not " + status);
      }
      Thread.sleep(5);
    }
  }

  /** An activity that counts its executions and doubles its argument. */
  static Activity<Integer, Integer> doubling(AtomicInteger calls) {
    return Activity.of("double", Integer.class, ActivityOptions.defaults(), (n, inv) -> {
      calls.incrementAndGet();
      return n * 2;
    });
  }

  /** Doubles the input with an activity, sleeps a day, adds one in a step. */
  static Workflow<Integer, Integer> doubleSleepAdd(AtomicInteger calls) {
    Activity<Integer, Integer> dbl = doubling(calls);
    return Workflow.builder("double-sleep-add", Integer.class, Integer.class).build((n, ctx) -> {
      int d = ctx.activity(dbl, n);
      ctx.state().set("doubled", d);
      ctx.logger().info("doubled " + n + " to " + d);
      ctx.sleep(Duration.ofDays(1));
      return ctx.step("add", Integer.class, () -> d + 1);
    });
  }
}
