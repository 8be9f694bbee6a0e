package dev.weft.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Samples the number of live platform threads every 10 ms and keeps the maximum per phase of a
 * benchmark (virtual threads are not platform threads and are not counted).
 */
final class ThreadSampler {
  static final int CREATING = 0;
  static final int WAITING = 1;
  static final int FIRING = 2;

  private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
  private final AtomicIntegerArray max = new AtomicIntegerArray(3);
  private volatile int phase = CREATING;
  private volatile boolean running = true;
  private final Thread thread;

  ThreadSampler() {
    thread = Thread.ofPlatform().daemon().name("weft-bench-threads").start(this::loop);
  }

  void phase(int value) {
    phase = value;
  }

  int max(int ofPhase) {
    return max.get(ofPhase);
  }

  private void loop() {
    while (running) {
      int p = phase;
      int n = bean.getThreadCount();
      max.accumulateAndGet(p, n, Math::max);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
  }
}
