package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Owner;
import dev.weft.spi.Claim;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.jdbc.JdbcStore;
import dev.weft.sqlite.SqliteStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandsTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("weft.db");
  }

  @Test
  void runDrivesACounterToItsTargetAndPrintsTheFinalStatusLine() {
    Cli.Result r = Cli.on(db(), "run", "counter", "--run-id", "c1", "--input", "{\"target\": 5}");
    assertEquals(0, r.code(), r::toString);
    assertEquals("run c1: COMPLETED after 5 steps, result 5\n", r.out());
    assertEquals("", r.err());
  }

  @Test
  void counterPausedByMaxStepsIsCompletedByResume() {
    Cli.Result paused = Cli.on(db(), "run", "counter", "--run-id", "c1", "--input",
        "{\"target\": 10}", "--max-steps", "4", "--json");
    assertEquals(0, paused.code(), paused::toString);
    JsonNode p = paused.json();
    assertEquals("PAUSED", p.get("status").asText());
    assertEquals(4, p.get("steps").asLong());

    Cli.Result resumed = Cli.on(db(), "resume", "counter", "--run-id", "c1");
    assertEquals(0, resumed.code(), resumed::toString);
    assertEquals("run c1: COMPLETED after 10 steps, result 10\n", resumed.out());
  }

  @Test
  void chargeAppendsExactlyOneLinePerStepEvenWhenRunTwice() throws Exception {
    Path file = dir.resolve("charges.txt");
    String input = "{\"file\": \"" + file + "\", \"count\": 7}";
    Cli.Result first = Cli.on(db(), "run", "charge", "--run-id", "ch", "--input", input);
    assertEquals(0, first.code(), first::toString);
    assertEquals("run ch: COMPLETED after 7 steps, result 7\n", first.out());
    // The run id is an idempotency key: the same run again reports the recorded outcome.
    Cli.Result again = Cli.on(db(), "run", "charge", "--run-id", "ch", "--input", input);
    assertEquals(first.out(), again.out());
    assertEquals(IntStream.rangeClosed(1, 7).mapToObj(i -> "charge-" + i).toList(),
        Files.readAllLines(file));
  }

  @Test
  void resumeAndRetryRefuseADefinitionOtherThanTheRunsOwn() {
    Cli.on(db(), "run", "counter", "--run-id", "c1", "--input", "{\"target\": 3}",
        "--max-steps", "1");
    for (String command : List.of("resume", "retry")) {
      Cli.Result r = Cli.on(db(), command, "charge", "--run-id", "c1");
      assertEquals(2, r.code(), r::toString);
      assertEquals("weft: run 'c1' is a run of 'counter', not 'charge'; use: weft " + command
          + " counter --run-id c1\n", r.err());
    }
  }

  @Test
  void failedRunExitsWithOneAndRetryContinuesItFromItsLastCommittedStep() throws Exception {
    Path marker = Files.createFile(dir.resolve("marker"));
    Cli.Result failed = Cli.on(db(), "run", "test-flaky", "--run-id", "f1", "--input",
        "{\"marker\": \"" + marker + "\"}");
    assertEquals(1, failed.code(), failed::toString);
    assertTrue(failed.out().startsWith("run f1: FAILED after 1 step: "), failed::toString);
    assertTrue(failed.out().contains("weft retry test-flaky --run-id f1"), failed::toString);

    Files.delete(marker);
    Cli.Result retried = Cli.on(db(), "retry", "test-flaky", "--run-id", "f1", "--json");
    assertEquals(0, retried.code(), retried::toString);
    assertEquals("COMPLETED", retried.json().get("status").asText());
    assertEquals("recovered", retried.json().get("result").asText());
    assertEquals(2, retried.json().get("steps").asLong());
  }

  @Test
  void unknownDefinitionIsAnInputErrorAndCreatesNoDatabase() {
    Cli.Result r = Cli.on(db(), "run", "nosuch", "--run-id", "x");
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("weft: unknown definition 'nosuch'; registered: approval,"
        + " charge, counter, order, quiz, reminder"), r::toString);
    assertEquals(1, r.err().lines().count());
    assertFalse(Files.exists(db()));
  }

  @Test
  void malformedInputJsonIsAnInputErrorAndCreatesNoDatabase() {
    Cli.Result r = Cli.on(db(), "run", "counter", "--run-id", "x", "--input", "{\"target\": ",
        "--json");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("weft: --input is not valid JSON"), r::toString);
    assertEquals(1, r.err().lines().count());
    assertEquals(r.err().substring("weft: ".length()).strip(),
        r.json().get("error").asText());
    assertFalse(Files.exists(db()));
  }

  @Test
  void inputOfTheWrongShapeIsRefusedBeforeAnythingIsWritten() {
    Cli.Result r = Cli.on(db(), "run", "counter", "--run-id", "x", "--input",
        "{\"target\": \"many\"}");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("weft: --input of counter is not a valid"), r::toString);
    assertFalse(Files.exists(db()));
  }

  @Test
  void resumingAnUnknownRunOrAMissingDatabaseIsAnInputError() {
    Cli.Result missing = Cli.on(db(), "resume", "counter", "--run-id", "c1");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no Weft database"), missing::toString);
    assertFalse(Files.exists(db()));

    Cli.on(db(), "run", "counter", "--run-id", "c1", "--input", "{\"target\": 1}");
    Cli.Result unknown = Cli.on(db(), "resume", "counter", "--run-id", "c2");
    assertEquals(2, unknown.code());
    assertEquals("weft: run 'c2' does not exist in this store\n", unknown.err());
  }

  @Test
  void resumingARunHeldByALiveProcessFailsNamingTheHolder() {
    pausedCounter();
    String holder = Owner.forThisProcess().id(); // this JVM: certainly alive
    hold("c1", holder, 60_000);

    Cli.Result r = Cli.on(db(), "resume", "counter", "--run-id", "c1");
    assertEquals(2, r.code(), r::toString);
    assertTrue(r.err().startsWith("weft: run 'c1' is held by " + holder + " until "),
        r::toString);
    assertEquals(2, Cli.on(db(), "get", "--run-id", "c1", "--json").json().get("steps")
        .asLong(), "the held run was not touched");
  }

  @Test
  void resumeWithWaitContinuesTheRunOnceTheHoldersLeaseRunsOut() {
    pausedCounter();
    hold("c1", Owner.forThisProcess().id(), 300);

    Cli.Result r = Cli.on(db(), "resume", "counter", "--run-id", "c1", "--wait");
    assertEquals(0, r.code(), r::toString);
    assertEquals("run c1: COMPLETED after 6 steps, result 6\n", r.out());
  }

  private void pausedCounter() {
    Cli.Result r = Cli.on(db(), "run", "counter", "--run-id", "c1", "--input",
        "{\"target\": 6}", "--max-steps", "2");
    assertEquals(0, r.code(), r::toString);
  }

  /** Makes {@code owner} hold the run's lease for {@code millis}, as another executor would. */
  private void hold(String runId, String owner, long millis) {
    try (JdbcStore store = SqliteStoreProvider.open(db(), StoreOptions.defaults()
        .withCreate(false))) {
      long now = System.currentTimeMillis();
      Claim c = store.claim(new Claim.Request(runId, owner, now, now + millis, null));
      assertTrue(c instanceof Claim.Granted, c::toString);
    }
  }
}
