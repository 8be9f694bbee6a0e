package dev.weft.sqlite.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.workflow.Activity;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Weft that closes pauses its workflow runs at their next command; another continues them. */
class CloseTest {
  @TempDir Path dir;

  @Test
  void aRunExecutingWhenWeftClosesPausesAtItsNextCommandAndContinuesElsewhere()
      throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    AtomicInteger firsts = new AtomicInteger();
    Activity<String, String> first = Activity.of("first", String.class, (s, inv) -> {
      firsts.incrementAndGet();
      entered.countDown();
      proceed.await();
      return "one";
    });
    Activity<String, String> second = Activity.of("second", String.class, (s, inv) -> "two");
    Workflow<String, String> wf = Workflow.builder("two-parts", String.class, String.class)
        .build((in, ctx) -> ctx.activity(first, in) + " " + ctx.activity(second, in));
    Weft weft = Weft.builder().url("sqlite:" + dir.resolve("weft.db")).scheduler(false)
        .build();
    weft.workflows().start(wf, "x", StartOptions.id("c"));
    entered.await();
    Thread closing = Thread.ofVirtual().start(weft::close);
    while (!weft.isClosing()) {
      Thread.onSpinWait();
    }
    proceed.countDown();
    closing.join();
    try (Weft next = Weft.builder().url("sqlite:" + dir.resolve("weft.db")).scheduler(false)
        .build()) {
      assertEquals(RunStatus.PAUSED, next.get("c").status());
      next.register(wf);
      assertEquals(RunStatus.COMPLETED, next.resume("c").status());
      assertEquals("one two", next.workflows().handle("c", String.class).result(Flows.WAIT));
      assertEquals(1, firsts.get(), "the first activity's recorded result was reused");
    }
  }
}
