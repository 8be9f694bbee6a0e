package dev.weft.cli.bench;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/** A one-line progress bar on a terminal, redrawn a few times a second. */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 40;
  private final PrintStream out;
  private final long total;
  private final AtomicLong done;
  private final Thread thread;
  private volatile boolean running = true;

  ProgressBar(PrintStream out, long total, AtomicLong done) {
    this.out = out;
    this.total = Math.max(1, total);
    this.done = done;
    this.thread = Thread.ofPlatform().daemon().name("weft-progress").start(this::loop);
  }

  private void loop() {
    while (running) {
      draw();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void draw() {
    long d = Math.min(done.get(), total);
    int filled = (int) (WIDTH * d / total);
    out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + d + "/" + total);
    out.flush();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draw();
    out.println();
  }
}
