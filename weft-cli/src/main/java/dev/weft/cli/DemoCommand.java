package dev.weft.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.Attempt;
import dev.weft.InvalidInputException;
import dev.weft.JournalEntry;
import dev.weft.Resolution;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.ToolCall;
import dev.weft.Weft;
import dev.weft.examples.Charge;
import dev.weft.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft demo}: the product in one minute. A {@code charge} run starts in a child process,
 * which is killed with SIGKILL halfway; the run is then resumed here, in-doubt calls are settled
 * as an operator would, and the outcome is checked: every charge happened exactly once.
 */
@Command(name = "demo", description = {
    "Start a durable run in a child process, kill it with SIGKILL mid-run, resume it, and show",
    "that every side effect happened exactly once."})
final class DemoCommand extends WeftCommand {
  private static final String RUN = "demo";

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where to put the database and the charges file (default: a new directory"
          + " under the system's temporary directory).")
  @Nullable Path dir;

  @Option(names = "--count", paramLabel = "N", defaultValue = "20",
      description = "Charges to make (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--delay-ms", paramLabel = "MS", defaultValue = "100",
      description = "Work per step before its charge (default ${DEFAULT-VALUE}).")
  int delayMs;

  @Override
  int execute(Output out) throws Exception {
    if (count < 2) {
      throw new InvalidInputException("--count must be at least 2, got " + count);
    }
    Path where = dir != null ? Files.createDirectories(dir)
        : Files.createTempDirectory("weft-demo-");
    Path db = where.resolve("demo.db");
    Path charges = where.resolve("charges.txt");
    if (Files.exists(db) || Files.exists(charges)) {
      throw new InvalidInputException(where + " already holds a demo; pass another --dir");
    }
    out.line("Weft demo in " + where);
    out.line("A run of 'charge' appends charge-1 .. charge-" + count + " to " + charges
        + ", one managed tool call (not idempotent) per step, each step committed to " + db
        + ".");
    int killedAt = startAndKill(out, db, charges);
    try (Weft weft = Weft.builder().url("sqlite:" + db).register(new Charge()).build()) {
      RunInfo before = weft.get(RUN);
      out.line("In the database the run is " + before.status() + " after " + before.steps()
          + " committed steps, held by " + before.holder() + ", a process that no longer"
          + " exists.");
      RunInfo run = resume(out, weft, charges);
      return report(out, weft, run, charges, killedAt);
    }
  }

  /** Starts the run in a child JVM, waits until half the charges are made, kills it. */
  private int startAndKill(Output out, Path db, Path charges) throws Exception {
    ObjectNode input = Json.object();
    input.put("file", charges.toString());
    input.put("count", count);
    input.put("delay_ms", delayMs);
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = db.resolveSibling("child.log");
    Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "run", "charge", "--db",
        db.toString(), "--run-id", RUN, "--input", Json.text(input))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    out.line("Started the run in process " + child.pid() + "; waiting for charge-" + count / 2
        + "...");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    int made;
    while ((made = lines(charges).size()) < count / 2) {
      if (!child.isAlive()) {
        throw new IllegalStateException("the child process ended before it could be killed;"
            + " see " + log);
      }
      if (System.nanoTime() > deadline) {
        child.destroyForcibly();
        throw new IllegalStateException("the child process made no progress; see " + log);
      }
      Thread.sleep(5);
    }
    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no clean-up
    child.waitFor();
    made = lines(charges).size();
    out.line("Killed process " + child.pid() + " with SIGKILL after " + made + " of " + count
        + " charges.");
    return made;
  }

  /** Resumes until the run ends, settling in-doubt calls by looking at the file. */
  private RunInfo resume(Output out, Weft weft, Path charges) throws Exception {
    out.line("Resuming in this process (the dead holder's lease is taken over at once)...");
    RunInfo run = weft.resume(RUN);
    while (run.status() == RunStatus.NEEDS_ATTENTION) {
      String key = run.detail() == null ? "" : run.detail().path("call").asText();
      ToolCall call = weft.inspector().toolCalls(RUN, 0, 10_000).stream()
          .filter(c -> c.key().equals(key)).findFirst().orElseThrow();
      String line = call.args().path("line").asText();
      boolean happened = lines(charges).contains(line);
      out.line("Call " + key + " (" + line + ") was in flight when the process died; the file "
          + (happened ? "has" : "does not have") + " that line, so the operator resolves it with "
          + (happened ? "--result" : "--retry") + ".");
      weft.resolve(RUN, key, happened ? Resolution.result(Json.tree(line)) : Resolution.retry());
      run = weft.resume(RUN);
    }
    return run;
  }

  private int report(Output out, Weft weft, RunInfo run, Path charges, int killedAt)
      throws Exception {
    List<String> lines = lines(charges);
    Map<String, Integer> seen = new TreeMap<>();
    lines.forEach(l -> seen.merge(l, 1, Integer::sum));
    boolean exactlyOnce = lines.size() == count && seen.size() == count
        && seen.values().stream().allMatch(n -> n == 1);
    List<Attempt> interrupted = weft.inspector().attempts(RUN, 0, 10_000).stream()
        .filter(a -> a.outcome().equals("INTERRUPTED")).toList();
    Map<String, Integer> kinds = new TreeMap<>();
    for (JournalEntry e : weft.inspector().history(RUN, 0, 10_000)) {
      kinds.merge(e.kind(), 1, Integer::sum);
    }
    boolean intact = weft.inspector().verify(RUN).intact();
    out.line("");
    out.line("Run " + RUN + ": " + run.status() + " after " + run.steps() + " steps, result "
        + (run.result() == null ? "none" : Json.text(run.result())));
    out.line(charges.getFileName() + ": " + lines.size() + " lines, "
        + (exactlyOnce ? "every charge exactly once" : "NOT every charge exactly once: " + seen));
    out.line("Charges made before the kill: " + killedAt + "; after the resume: "
        + (lines.size() - killedAt) + "; none repeated.");
    for (Attempt a : interrupted) {
      out.line("Attempt " + a.attempt() + " of step " + a.step() + " was interrupted: "
          + (a.failure() == null ? "" : a.failure().message()));
    }
    out.line("Journal: " + kinds + "; hash chain " + (intact ? "intact" : "NOT intact") + ".");
    out.line("");
    out.line("Look for yourself:");
    Path db = charges.resolveSibling("demo.db");
    for (String cmd : List.of("history", "attempts", "tool-calls", "explain", "verify")) {
      out.line("  ./weft " + cmd + " --db " + db + " --run-id " + RUN);
    }
    boolean ok = run.status() == RunStatus.COMPLETED && exactlyOnce && intact;
    return ok ? Output.OK : Output.RUN_FAILED;
  }

  private static List<String> lines(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
