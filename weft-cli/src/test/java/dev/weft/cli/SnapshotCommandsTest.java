package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.jdbc.JdbcStore;
import dev.weft.sqlite.SqliteStoreProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft snapshot create|list|show} and {@code weft fork}, then {@code weft resume}. */
class SnapshotCommandsTest {
  @TempDir Path dir;
  Path db;

  /** A completed count to five: states at steps 0..4 (step 4 completed it). */
  @BeforeEach
  void countToFive() {
    db = dir.resolve("weft.db");
    ok(Cli.on(db, "run", "counter", "--run-id", "c1", "--input", "{\"target\": 5}"));
  }

  @Test
  void aSnapshotIsCreatedListedAndShown() {
    Cli.Result created = ok(Cli.on(db, "snapshot", "create", "--run-id", "c1", "--name", "two",
        "--at-step", "2", "--tag", "gold", "--tag", "exp-1", "--description", "before three"));
    assertEquals("snapshot 'two' of run c1 taken at step 2; fork it with: weft fork --run-id c1"
        + " --snapshot two --new-run-id NEW_ID\n", created.out());
    JsonNode now = ok(Cli.on(db, "snapshot", "create", "--run-id", "c1", "--name", "end",
        "--json")).json();
    assertEquals(4, now.get("step").asLong());
    assertEquals("{\"count\":4,\"target\":5}", now.get("state").toString());
    assertEquals(List.of(), texts(now.get("tags")));

    JsonNode shown = ok(Cli.on(db, "snapshot", "show", "--name", "two", "--json")).json();
    assertEquals("c1", shown.get("run_id").asText());
    assertEquals("before three", shown.get("description").asText());
    assertEquals(List.of("gold", "exp-1"), texts(shown.get("tags")));
    assertEquals("{\"count\":2,\"target\":5}", shown.get("state").toString());
    Cli.Result human = ok(Cli.on(db, "snapshot", "show", "--name", "two", "--run-id", "c1"));
    assertTrue(human.out().startsWith("run_id:      c1\nname:        two\nstep:        2\n"
        + "tags:        gold, exp-1\ndescription: before three\ncreated:     "), human::toString);
    assertTrue(human.out().endsWith("state:       {\"count\":2,\"target\":5}\n"), human::toString);

    Cli.Result table = ok(Cli.on(db, "snapshot", "list"));
    List<String> lines = table.out().lines().toList();
    assertEquals(3, lines.size(), table::toString);
    assertTrue(lines.get(0).matches("RUN ID +NAME +STEP +TAGS +CREATED +DESCRIPTION"),
        table::toString);
    assertTrue(lines.get(2).matches("c1 +two +2 +gold,exp-1 +\\S+ +before three"),
        table::toString);
  }

  @Test
  void snapshotsAreSearchedByTagNameAndRunAcrossRuns() {
    ok(Cli.on(db, "run", "counter", "--run-id", "c2", "--input", "{\"target\": 3}"));
    ok(Cli.on(db, "snapshot", "create", "--run-id", "c1", "--name", "a", "--tag", "gold"));
    ok(Cli.on(db, "snapshot", "create", "--run-id", "c2", "--name", "a"));
    ok(Cli.on(db, "snapshot", "create", "--run-id", "c2", "--name", "b", "--tag", "gold"));
    assertEquals(List.of("c2/b", "c1/a"), listed("--tag", "gold"));
    assertEquals(List.of("c2/a", "c1/a"), listed("--name", "a"));
    assertEquals(List.of("c2/b", "c2/a"), listed("--run-id", "c2"));
    assertEquals(List.of("c2/a"), listed("--run-id", "c2", "--limit", "1", "--offset", "1"));
    assertEquals(List.of(), listed("--tag", "silver"));
    Cli.Result ambiguous = Cli.on(db, "snapshot", "show", "--name", "a");
    assertEquals(2, ambiguous.code(), ambiguous::toString);
    assertEquals("weft: snapshots named 'a' exist in 2 runs ('c2', 'c1'); name the run too\n",
        ambiguous.err());
  }

  private List<String> listed(String... filters) {
    List<String> args = new ArrayList<>(List.of("snapshot", "list", "--json"));
    args.addAll(List.of(filters));
    JsonNode doc = ok(Cli.on(db, args.toArray(String[]::new))).json();
    List<String> out = new ArrayList<>();
    doc.get("snapshots").forEach(s -> out.add(s.get("run_id").asText() + "/"
        + s.get("name").asText()));
    return out;
  }

  @Test
  void aForkAtAStepIsResumedToTheOriginalsResultAndShowsWhereItCameFrom() {
    Cli.Result forked = ok(Cli.on(db, "fork", "--run-id", "c1", "--at-step", "2",
        "--new-run-id", "f1"));
    assertEquals("run f1: forked from c1 at step 2; it is PENDING, run it with: weft resume"
        + " counter --run-id f1\n", forked.out());
    JsonNode got = ok(Cli.on(db, "get", "--run-id", "f1", "--json")).json();
    assertEquals("PENDING", got.get("status").asText());
    assertEquals(2, got.get("steps").asLong());
    assertEquals("c1", got.get("parent_run_id").asText());
    assertEquals("{\"run\":\"c1\",\"step\":2}", got.get("forked_from").toString());
    Cli.Result human = ok(Cli.on(db, "get", "--run-id", "f1"));
    assertTrue(human.out().contains("\nforked_from:   c1 at step 2\n"), human::toString);
    Cli.Result explained = ok(Cli.on(db, "explain", "--run-id", "f1"));
    assertTrue(explained.out().contains("It was forked from run c1 at step 2: it began with"
        + " the state the original had there."), explained::toString);
    assertFalse(explained.out().contains("compact"), explained::toString);

    assertEquals("run f1: COMPLETED after 5 steps, result 5\n",
        ok(Cli.on(db, "resume", "counter", "--run-id", "f1")).out());
    JsonNode history = ok(Cli.on(db, "history", "--run-id", "f1", "--json")).json();
    JsonNode start = history.get("entries").get(0);
    assertEquals("RUN_STARTED", start.get("kind").asText());
    assertEquals(2, start.get("step").asLong());
    assertEquals("{\"run\":\"c1\",\"step\":2}", start.get("data").get("forked_from").toString());
    ok(Cli.on(db, "verify", "--run-id", "f1"));
  }

  @Test
  void aForkOfASnapshotIsResumedToTheOriginalsResult() {
    ok(Cli.on(db, "snapshot", "create", "--run-id", "c1", "--name", "one", "--at-step", "1"));
    JsonNode fork = ok(Cli.on(db, "fork", "--run-id", "c1", "--snapshot", "one",
        "--new-run-id", "f2", "--json")).json();
    assertEquals("{\"run\":\"c1\",\"step\":1,\"snapshot\":\"one\"}",
        fork.get("forked_from").toString());
    assertEquals("{\"count\":1,\"target\":5}", fork.get("state").toString());
    assertEquals("run f2: COMPLETED after 5 steps, result 5\n",
        ok(Cli.on(db, "resume", "counter", "--run-id", "f2")).out());
  }

  @Test
  void badForksAndSnapshotsAreOneLineErrorsWithExitTwoAndWriteNothing() {
    ok(Cli.on(db, "snapshot", "create", "--run-id", "c1", "--name", "s"));
    List<Long> before = rows();
    refused("run 'c1' already exists; a fork needs a new run id",
        "fork", "--run-id", "c1", "--at-step", "1", "--new-run-id", "c1");
    refused("run 'ghost' does not exist in this store",
        "fork", "--run-id", "ghost", "--at-step", "1", "--new-run-id", "f");
    refused("run 'c1' has no snapshot named 'nope'; see weft snapshot list --run-id c1",
        "fork", "--run-id", "c1", "--snapshot", "nope", "--new-run-id", "f");
    refused("step 5 is out of range for run 'c1': it has states at steps 0..4 (the step after"
        + " 4 completed it)", "fork", "--run-id", "c1", "--at-step", "5", "--new-run-id", "f");
    refused("step must not be negative, got -1",
        "fork", "--run-id", "c1", "--at-step", "-1", "--new-run-id", "f");
    refused("run 'c1' already has a snapshot named 's'; choose another name",
        "snapshot", "create", "--run-id", "c1", "--name", "s");
    refused("tag 'x' is given twice",
        "snapshot", "create", "--run-id", "c1", "--name", "t", "--tag", "x", "--tag", "x");
    refused("no run has a snapshot named 'zz'; see weft snapshot list",
        "snapshot", "show", "--name", "zz");
    assertEquals(before, rows());
  }

  @Test
  void aForkNeedsExactlyOneOfAtStepAndSnapshot() {
    Cli.Result both = Cli.on(db, "fork", "--run-id", "c1", "--at-step", "1", "--snapshot", "s",
        "--new-run-id", "f", "--json");
    assertEquals(2, both.code(), both::toString);
    assertTrue(both.json().get("error").asText().contains("mutually exclusive"), both::toString);
    Cli.Result neither = Cli.on(db, "fork", "--run-id", "c1", "--new-run-id", "f");
    assertEquals(2, neither.code(), neither::toString);
    assertTrue(neither.err().startsWith("weft: Error: Missing required argument")
        || neither.err().startsWith("weft: Missing required argument"), neither::toString);
    Cli.Result bare = Cli.run("snapshot");
    assertEquals(2, bare.code(), bare::toString);
    assertTrue(bare.err().startsWith("Usage: weft snapshot "), bare::toString);
  }

  private void refused(String message, String... args) {
    Cli.Result r = Cli.on(db, args);
    assertEquals(2, r.code(), r::toString);
    assertEquals("weft: " + message + "\n", r.err(), r::toString);
    assertEquals("", r.out());
  }

  private List<Long> rows() {
    try (JdbcStore store = SqliteStoreProvider.open(db, StoreOptions.defaults()
        .withCreate(false))) {
      return List.of(store.countRows("weft_runs"), store.countRows("weft_journal"),
          store.countRows("weft_snapshots"), store.countRows("weft_snapshot_tags"));
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Cli.Result ok(Cli.Result r) {
    assertEquals(0, r.code(), r::toString);
    return r;
  }
}
