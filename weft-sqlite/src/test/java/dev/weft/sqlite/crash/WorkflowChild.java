package dev.weft.sqlite.crash;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.JournalEntry;
import dev.weft.Resolution;
import dev.weft.RunInfo;
import dev.weft.Weft;
import dev.weft.workflow.Activity;
import dev.weft.workflow.ActivityOptions;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link WorkflowCrashTest}: starts or continues workflow run {@code w} of
 * {@code count} charge activities, settling in-doubt activities as an operator would (the line
 * is in the file: supply its result; no line: retry). Arguments: db, base, count, idempotent.
 * Prints {@code WEFT OPENED}, {@code WEFT CALL <i>} as an activity begins, {@code WEFT STATUS}.
 */
public final class WorkflowChild {
  private WorkflowChild() {}

  static Workflow<Integer, String> workflow(Path base, boolean idempotent) {
    Path effects = base.resolve("charges.txt");
    Path calls = base.resolve("calls.txt");
    Activity<Integer, String> charge = Activity.of("charge", String.class,
        ActivityOptions.defaults().withIdempotent(idempotent), (i, inv) -> {
          append(calls, "call-" + i);
          System.out.println("WEFT CALL " + i);
          Thread.sleep(2);
          // An idempotent service deduplicates by key; the plain one charges every call.
          if (!idempotent || !lines(effects).contains("charge-" + i)) {
            append(effects, "charge-" + i);
          }
          Thread.sleep(2);
          return "receipt-" + i;
        });
    return Workflow.builder("charges", Integer.class, String.class).build((n, ctx) -> {
      List<String> receipts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        receipts.add(ctx.activity(charge, i));
        int done = i + 1;
        ctx.state().set("charged", done);
        ctx.step("note-" + i, String.class, () -> "noted " + done);
      }
      return String.join(",", receipts);
    });
  }

  static List<String> lines(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  private static void append(Path file, String line) throws java.io.IOException {
    Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.SYNC);
  }

  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> a = new java.util.HashMap<>();
    for (String arg : args) {
      a.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    Path base = Path.of(a.get("base"));
    Workflow<Integer, String> wf = workflow(base, Boolean.parseBoolean(a.get("idempotent")));
    try (Weft weft = Weft.builder().url("sqlite:" + a.get("db")).scheduler(false)
        .leaseTtl(Duration.ofSeconds(60)).register(wf).build()) {
      System.out.println("WEFT OPENED");
      int count = Integer.parseInt(a.get("count"));
      RunInfo r = weft.store().find("w").isEmpty() ? null : weft.get("w");
      for (int guard = 0; guard < 100 && (r == null || !r.status().isTerminal()); guard++) {
        if (r != null && r.status() == dev.weft.RunStatus.NEEDS_ATTENTION) {
          r = settle(weft, r, base);
          if (r.status() == dev.weft.RunStatus.PAUSED) {
            r = weft.resume("w");
          }
          continue;
        }
        // Starting the id again continues the run: a crashed one (its holder is provably
        // dead) is taken over at once.
        var h = weft.workflows().start(wf, count, StartOptions.id("w"));
        try {
          h.result(Duration.ofSeconds(60));
        } catch (dev.weft.WeftException e) {
          // Needs attention (settled above on the next turn), or another outcome to report.
        }
        r = weft.get("w");
        if (r.status() == dev.weft.RunStatus.PAUSED) {
          r = weft.resume("w");
        }
      }
      System.out.println("WEFT STATUS " + r.status() + " " + r.result());
    }
  }

  private static RunInfo settle(Weft weft, RunInfo r, Path base) throws Exception {
    String call = r.detail().get("call").asText();
    long step = r.detail().get("step").asLong();
    JournalEntry intent = weft.inspector().history("w", 0, 10_000).stream()
        .filter(e -> e.kind().equals("TOOL_INTENT") && e.step() == step).findFirst()
        .orElseThrow();
    int i = intent.data().get("args").asInt();
    boolean happened = lines(base.resolve("charges.txt")).contains("charge-" + i);
    weft.resolve("w", call, happened ? Resolution.result(TextNode.valueOf("receipt-" + i))
        : Resolution.retry());
    System.out.println("WEFT RESOLVED " + call + " " + happened);
    return weft.get("w");
  }
}
