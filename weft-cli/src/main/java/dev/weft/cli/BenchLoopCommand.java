package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.CheckpointPolicy;
import dev.weft.Durability;
import dev.weft.InvalidInputException;
import dev.weft.cli.bench.BenchResult;
import dev.weft.cli.bench.LoopBench;
import dev.weft.cli.bench.PostgresLoopBench;
import dev.weft.internal.Json;
import java.io.Console;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft bench loop}: sequential and concurrent loop steps against the raw commit rate. */
@Command(name = "loop", description = {
    "Run N steps in each of R concurrent counter runs on a fresh SQLite file (or a new schema of"
        + " a PostgreSQL database), and compare the step rate with the raw single-row commit"
        + " rate of the same database setting, measured in the same run."})
final class BenchLoopCommand extends WeftCommand {
  @Option(names = "--steps", paramLabel = "N", required = true,
      description = "Steps per run.")
  long steps;

  @Option(names = "--runs", paramLabel = "R", defaultValue = "1",
      description = "Concurrent runs (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--policy", paramLabel = "full|interval|compact", defaultValue = "full",
      description = "Checkpoint policy (default ${DEFAULT-VALUE}).")
  String policy;

  @Option(names = "--every", paramLabel = "K",
      description = "With --policy interval: keep every K-th state (default 100).")
  @Nullable Integer every;

  @Option(names = "--durability", paramLabel = "safe|effects|fast", defaultValue = "effects",
      description = "Durability mode (default ${DEFAULT-VALUE}).")
  String durability;

  @Option(names = "--db", paramLabel = "PATH", required = true,
      description = "A SQLite file that does not exist yet, or a PostgreSQL URL"
          + " (jdbc:postgresql://...): the runs then go to a new schema, dropped afterwards.")
  String db;

  @Override
  int execute(Output out) throws Exception {
    CheckpointPolicy p = CheckpointPolicy.parse(policy, every == null ? 100 : every);
    if (every != null && !(p instanceof CheckpointPolicy.Interval)) {
      throw new InvalidInputException("--every applies only to --policy interval");
    }
    if (PostgresLoopBench.accepts(db)) {
      LoopBench.Options options = new LoopBench.Options(steps, runs, p,
          Durability.parse(durability), Path.of("postgresql"));
      return print(out, PostgresLoopBench.run(db, options, System.err, isTerminal()));
    }
    LoopBench.Options options = new LoopBench.Options(steps, runs, p,
        Durability.parse(durability), file(db, "loop"));
    BenchResult result = LoopBench.run(options, System.err, isTerminal());
    return print(out, result);
  }

  /** Prints a benchmark's result record: one JSON document, or aligned fields. */
  static int print(Output out, Object result) {
    JsonNode tree = Json.mapper().valueToTree(result);
    if (out.json()) {
      out.json(tree);
      return Output.OK;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    tree.properties().forEach(e -> fields.put(e.getKey(), text(e.getValue())));
    out.fields(fields);
    return Output.OK;
  }

  private static String text(JsonNode v) {
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(item -> items.add(text(item)));
      return String.join(" ", items);
    }
    return v.isFloatingPointNumber() ? String.format(Locale.ROOT, "%.3f", v.doubleValue())
        : v.asText();
  }

  /** The benchmarks always measure a SQLite file; {@code sqlite:PATH} is accepted too. */
  static Path file(String db, String bench) {
    String path = db.startsWith("sqlite:") ? db.substring("sqlite:".length()) : db;
    if (path.isBlank() || path.startsWith("memory:") || path.startsWith("jdbc:")) {
      throw new InvalidInputException("--db of bench " + bench + " must be a SQLite file path,"
          + " got '" + db + "'");
    }
    return Path.of(path);
  }

  /**
   * Whether to draw a progress bar. Since JDK 22, {@link System#console()} is not null even
   * when output is redirected; {@code Console.isTerminal()} (not in the Java 21 API this code
   * compiles against) tells, so it is called when present.
   */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console exists only for a terminal
    }
  }
}
