package dev.weft.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples heap use while a benchmark runs: the peak of used heap (garbage included, bounded by
 * -Xmx) and the peak of what survived the last collection (the live set).
 */
final class HeapSampler {
  record Peak(long usedBytes, long liveBytes) {}

  private final AtomicLong used = new AtomicLong();
  private final AtomicLong live = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private HeapSampler() {
    thread = Thread.ofPlatform().daemon().name("weft-bench-heap").start(this::loop);
  }

  static HeapSampler start() {
    return new HeapSampler();
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    long u = 0;
    long l = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() != MemoryType.HEAP) {
        continue;
      }
      u += pool.getUsage().getUsed();
      if (pool.getCollectionUsage() != null) {
        l += pool.getCollectionUsage().getUsed();
      }
    }
    used.accumulateAndGet(u, Math::max);
    live.accumulateAndGet(l, Math::max);
  }

  Peak stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
    sample();
    return new Peak(used.get(), live.get());
  }
}
