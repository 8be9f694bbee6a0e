package dev.weft.sqlite.crash;

import dev.weft.RunInfo;
import dev.weft.Weft;
import dev.weft.sqlite.waits.Waiter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link SignalCrashTest}. Opens Weft on {@code db}, starts (or continues) run
 * {@code r} of the {@link Waiter} waiting {@code count} times for signal {@code go}, then sends
 * the signals not yet stored, {@code go=i} for i in order, printing {@code WEFT ACK i} once each
 * is acknowledged (then pausing {@code pauseMillis}). With {@code consume=true} its scheduler consumes them meanwhile; then it
 * prints {@code WEFT DONE <status>} once the run has settled. It then waits for stdin to close.
 */
public final class SignalChild {
  private SignalChild() {}

  static List<String> script(int count) {
    return Collections.nCopies(count, "signal:go");
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int count = Integer.parseInt(a.get("count"));
    boolean consume = Boolean.parseBoolean(a.get("consume"));
    long pause = Long.parseLong(a.getOrDefault("pauseMillis", "0"));
    Waiter waiter = new Waiter();
    try (Weft weft = Weft.builder().url("sqlite:" + a.get("db")).scheduler(consume)
        .register(waiter).build()) {
      out("OPENED " + ProcessHandle.current().pid());
      weft.run(waiter, "r", script(count));
      long key = weft.store().find("r").orElseThrow().key();
      int stored = weft.store().signals(key, 0, 10_000).size();
      for (int i = stored; i < count; i++) {
        weft.signal("r", "go", i);
        out("ACK " + i);
        Thread.sleep(pause);
      }
      if (consume) {
        RunInfo run = weft.await("r", Duration.ofSeconds(60));
        out("DONE " + run.status());
      }
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8))) {
        while (in.readLine() != null) {
          // wait to be killed, or for stdin to close
        }
      }
    }
  }

  private static void out(String line) {
    System.out.println("WEFT " + line);
    System.out.flush();
  }
}
