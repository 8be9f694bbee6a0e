package dev.weft.sqlite.crash;

import dev.weft.Durability;
import dev.weft.IllegalRunStateException;
import dev.weft.RunHeldException;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.Weft;
import dev.weft.WeftBuilder;
import dev.weft.WeftClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The child JVM of the crash and contention tests. Opens Weft on a SQLite file and works on one
 * charge run, printing protocol lines {@code WEFT <event> ...} on stdout:
 *
 * <ul>
 *   <li>{@code OPENED <pid>}: Weft is open;
 *   <li>{@code GATED <i>}: the first effect of this process waits for a line on stdin;
 *   <li>{@code APPENDED <i>}: the line {@code charge-<i>} was appended;
 *   <li>{@code WAITING <ms>}: Weft waits for another holder's lease;
 *   <li>{@code RESOLVED <call> <action>}: an in-doubt call was settled as an operator would;
 *   <li>{@code STATUS <status> <steps> <result>}, {@code HELD <message>} (exit 3),
 *       {@code STATE <status> <message>} (exit 4), {@code ERROR <message>} (exit 1).
 * </ul>
 *
 * <p>Arguments are {@code key=value}: {@code db}, {@code run}, {@code variant}, {@code base},
 * {@code file}, {@code count}, {@code mode} ({@code complete}: start or continue the run,
 * resolving in-doubt calls, until it completes; {@code resume}: one resume; {@code wait}: one
 * resume that waits for the lease), {@code maxSteps}, {@code pauseMillis} (around each effect),
 * {@code gate} ({@code true} to hold the first effect until stdin says so), {@code ttlMillis}
 * (the lease's time to live; 60 s unless given), and optionally {@code durability},
 * {@code inlineLimit} and {@code secret} (the journal's HMAC key).
 */
public final class ChargeChild {
  private ChargeChild() {}

  public static void main(String[] args) {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    String runId = a.get("run");
    Path base = Path.of(a.get("base"));
    String mode = a.getOrDefault("mode", "complete");
    RunOptions options = RunOptions.defaults()
        .withMaxSteps(Long.parseLong(a.getOrDefault("maxSteps", "0")));
    ChargeLoop loop = new ChargeLoop(ChargeLoop.Variant.valueOf(a.get("variant")), base,
        new ChildPacing(Long.parseLong(a.getOrDefault("pauseMillis", "0")),
            Boolean.parseBoolean(a.getOrDefault("gate", "false"))));
    int exit;
    WeftBuilder builder = Weft.builder().url("sqlite:" + a.get("db")).clock(reportingClock())
        .leaseTtl(Duration.ofMillis(Long.parseLong(a.getOrDefault("ttlMillis", "60000"))))
        .durability(Durability.valueOf(a.getOrDefault("durability", "EFFECTS")))
        .inlineLimit(Integer.parseInt(a.getOrDefault("inlineLimit", "65536")))
        .register(loop);
    if (a.containsKey("secret")) {
      builder.secretKey(a.get("secret"));
    }
    try (Weft weft = builder.build()) {
      out("OPENED " + ProcessHandle.current().pid());
      RunInfo r = switch (mode) {
        case "resume" -> weft.resume(runId, options);
        case "wait" -> weft.resumeWhenFree(runId, options);
        default -> complete(weft, loop, runId, new ChargeLoop.Input(a.get("file"),
            Integer.parseInt(a.get("count"))), base);
      };
      out("STATUS " + r.status() + " " + r.steps() + " " + (r.result() == null ? "-"
          : r.result()));
      exit = 0;
    } catch (RunHeldException e) {
      out("HELD " + e.getMessage());
      exit = 3;
    } catch (IllegalRunStateException e) {
      out("STATE " + e.status() + " " + e.getMessage());
      exit = 4;
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      out("ERROR " + e);
      exit = 1;
    }
    System.exit(exit);
  }

  /** Starts or continues the run until it completes, settling in-doubt calls on the way. */
  private static RunInfo complete(Weft weft, ChargeLoop loop, String runId,
      ChargeLoop.Input input, Path base) throws Exception {
    RunInfo r = weft.run(loop, runId, input);
    while (true) {
      switch (r.status()) {
        case PAUSED -> r = weft.resume(runId);
        case NEEDS_ATTENTION -> {
          out("RESOLVED " + Operator.resolve(weft, runId, base));
          r = weft.get(runId);
        }
        default -> {
          return r;
        }
      }
    }
  }

  static synchronized void out(String line) {
    System.out.println("WEFT " + line);
    System.out.flush();
  }

  /** The system clock, reporting each wait (Weft waits through its clock). */
  private static WeftClock reportingClock() {
    WeftClock system = WeftClock.system();
    return new WeftClock() {
      @Override
      public Instant instant() {
        return system.instant();
      }

      @Override
      public long millis() {
        return system.millis();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        out("WAITING " + duration.toMillis());
        system.sleep(duration);
      }
    };
  }

  /**
   * Pauses around each effect, to widen the window in which a kill leaves a call in doubt (both
   * before the line is written and after), and reports each effect.
   */
  private static final class ChildPacing implements ChargeLoop.Pacing {
    private final long pauseMillis;
    private boolean gate;

    ChildPacing(long pauseMillis, boolean gate) {
      this.pauseMillis = pauseMillis;
      this.gate = gate;
    }

    @Override
    public void before(int i) throws Exception {
      if (gate) {
        gate = false;
        out("GATED " + i);
        String line = new BufferedReader(new InputStreamReader(System.in,
            StandardCharsets.UTF_8)).readLine();
        if (line == null) {
          throw new IllegalStateException("stdin closed while gated");
        }
      }
      Thread.sleep(pauseMillis);
    }

    @Override
    public void after(int i) throws Exception {
      out("APPENDED " + i);
      Thread.sleep(pauseMillis);
    }
  }
}
