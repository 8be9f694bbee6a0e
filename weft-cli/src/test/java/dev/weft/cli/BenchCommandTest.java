package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  @TempDir Path dir;

  /**
   * Takes about eleven seconds: the baseline is measured for two seconds before and after, and
   * for one second before each of the seven iterations of a workload this short.
   */
  @Test
  void benchLoopReportsItsFiguresAsOneJsonDocument() {
    Path db = dir.resolve("bench.db");
    Cli.Result r = Cli.run("bench", "loop", "--steps", "50", "--runs", "2", "--policy",
        "interval", "--every", "10", "--durability", "fast", "--db", db.toString(), "--json");
    assertEquals(0, r.code(), r::toString);
    JsonNode json = r.json();
    for (String key : List.of("steps", "runs", "wall_seconds", "steps_per_second",
        "baseline_commits_per_second", "ratio", "journal_rows", "attempt_rows", "db_bytes",
        "bytes_per_step", "peak_heap_bytes", "resume_millis")) {
      assertTrue(json.has(key), key);
    }
    assertEquals(100, json.get("steps").asLong());
    assertEquals(2, json.get("runs").asInt());
    assertEquals("interval(10)", json.get("policy").asText());
    assertEquals("fast", json.get("durability").asText());
    assertEquals(100, json.get("attempt_rows").asLong());
    assertTrue(json.get("ratio").asDouble() > 0);
    // Each iteration's ratio is against the baseline measured just before it; the reported
    // ratio is their median.
    List<Double> ratios = new java.util.ArrayList<>();
    json.get("iteration_ratios").forEach(n -> ratios.add(n.asDouble()));
    assertEquals(7, ratios.size(), ratios::toString);
    assertEquals(ratios.stream().sorted().toList().get(3), json.get("ratio").asDouble(),
        1e-9 * json.get("ratio").asDouble());
  }

  @Test
  void benchSignalReportsLatenciesFromAcknowledgementToCompletion() {
    Cli.Result r = Cli.run("bench", "signal", "--runs", "20", "--db",
        dir.resolve("signal.db").toString(), "--json");
    assertEquals(0, r.code(), r::toString);
    JsonNode json = r.json();
    assertEquals(20, json.get("runs").asInt());
    for (String key : List.of("ack_median_ms", "ack_p99_ms", "resume_median_ms",
        "resume_p99_ms", "total_median_ms", "total_p99_ms")) {
      assertTrue(json.get(key).asDouble() > 0, key);
    }
    assertTrue(json.get("total_p99_ms").asDouble() >= json.get("resume_median_ms").asDouble());
  }

  /** Takes about a second: the timers are due half a second after the runs start. */
  @Test
  void benchTimersReportsLatenessThreadsAndHeap() {
    Cli.Result r = Cli.run("bench", "timers", "--runs", "30", "--spread-seconds", "0.2",
        "--lead-seconds", "0.5", "--db", dir.resolve("timers.db").toString(), "--json");
    assertEquals(0, r.code(), r::toString);
    JsonNode json = r.json();
    assertEquals(30, json.get("runs").asInt());
    for (String key : List.of("late_p50_ms", "late_p99_ms", "late_max_ms", "fired_within_50ms",
        "platform_threads_before", "platform_threads_waiting_max", "heap_after_gc_waiting_bytes",
        "created_after_due")) {
      assertTrue(json.has(key), key);
    }
    assertTrue(json.get("late_p50_ms").asDouble() >= 0, "no timer fires early");
  }

  @Test
  void benchOptionsAreCheckedBeforeAnythingRuns() throws Exception {
    Path db = dir.resolve("bench.db");
    Cli.Result every = Cli.run("bench", "loop", "--steps", "5", "--every", "3", "--db",
        db.toString());
    assertEquals(2, every.code());
    assertEquals("weft: --every applies only to --policy interval\n", every.err());
    Cli.Result durability = Cli.run("bench", "loop", "--steps", "5", "--durability", "eventual",
        "--db", db.toString());
    assertEquals(2, durability.code());
    assertTrue(durability.err().startsWith("weft: unknown durability 'eventual'"));
    assertFalse(Files.exists(db));
    Files.createFile(db);
    Cli.Result exists = Cli.run("bench", "loop", "--steps", "5", "--db", db.toString());
    assertEquals(2, exists.code());
    assertTrue(exists.err().contains("already exists"), exists::toString);
    Cli.Result noSteps = Cli.run("bench", "loop", "--db", db.toString());
    assertEquals(2, noSteps.code());
    assertTrue(noSteps.err().startsWith("weft: Missing required option: '--steps=N'"));
  }

  @Test
  void benchWorkersNeedsAPostgresqlDatabase() {
    Cli.Result r = Cli.run("bench", "workers", "--db", dir.resolve("w.db").toString());
    assertEquals(2, r.code(), r::toString);
    assertEquals("weft: --db of bench workers must be a PostgreSQL URL, got '"
        + dir.resolve("w.db") + "'\n", r.err());
  }
}
