package dev.weft.sqlite.waits;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.weft.JournalEntry;
import dev.weft.ManualClock;
import dev.weft.RunInfo;
import dev.weft.Weft;
import dev.weft.WeftBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Shared set-up of the wait tests: a SQLite file, a manual clock, the waiter loop. */
final class WaitTesting {
  /** Bounds every wait for the scheduler; a healthy test never comes near it. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  private WaitTesting() {}

  /** A Weft on {@code dir/weft.db} and {@code clock} that knows a plain {@link Waiter}. */
  static WeftBuilder builder(Path dir, ManualClock clock, boolean scheduler) {
    return builder(dir, clock, scheduler, new Waiter());
  }

  /** A Weft on {@code dir/weft.db} and {@code clock} that knows {@code waiter}. */
  static WeftBuilder builder(Path dir, ManualClock clock, boolean scheduler, Waiter waiter) {
    return Weft.builder().url("sqlite:" + dir.resolve("weft.db")).clock(clock)
        .scheduler(scheduler).register(waiter);
  }

  static List<String> kinds(Weft weft, String runId) {
    return weft.inspector().history(runId, 0, 10_000).stream().map(JournalEntry::kind)
        .toList();
  }

  /** The waiter's result: what each step saw. */
  static List<String> log(RunInfo run) {
    return run.result(new TypeReference<List<String>>() { }.getType());
  }
}
