package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.JournalEntry;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloseTest {
  @TempDir Path dir;

  @Test
  void closingWeftPausesARunItIsExecutingAtTheNextStepBoundary() throws Exception {
    CountDownLatch inStep = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Steps loop = new Steps((ctx, s) -> {
      if (s.done() == 3) {
        inStep.countDown();
        assertTrue(release.await(30, TimeUnit.SECONDS));
      }
      return "step-" + s.done();
    });
    Weft weft = Weft.open(Fixture.url(dir));
    // Own threads: the common pool may have a single thread on a small machine.
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    Future<RunInfo> running = threads.submit(() -> weft.run(loop, "r", new Steps.Input(10)));
    assertTrue(inStep.await(30, TimeUnit.SECONDS));
    Future<?> closed = threads.submit(weft::close);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!weft.isClosing() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(weft.isClosing());
    assertTrue(!closed.isDone(), "close waits for the executing run");
    release.countDown();
    closed.get(30, TimeUnit.SECONDS);
    RunInfo paused = running.get(30, TimeUnit.SECONDS);
    threads.close();
    assertEquals(RunStatus.PAUSED, paused.status());
    assertEquals(4, paused.steps(), "the step in flight is committed, then the run pauses");
    try (Weft again = Weft.open(Fixture.url(dir))) {
      List<JournalEntry> history = Fixture.history(again, "r");
      JournalEntry last = history.get(history.size() - 1);
      assertEquals("RUN_PAUSED", last.kind());
      assertEquals("shutdown", last.data().get("reason").asText());
      assertNull(again.get("r").holder(), "the pause released the lease");
      again.register(loop);
      RunInfo done = again.resume("r");
      assertEquals(RunStatus.COMPLETED, done.status());
      assertEquals(11, done.steps());
    }
  }
}
