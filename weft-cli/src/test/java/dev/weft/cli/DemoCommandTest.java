package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void theDemoKillsTheRunsProcessResumesItAndEveryChargeHappensOnce() throws Exception {
    Cli.Result r = Cli.run("demo", "--dir", dir.toString(), "--count", "8", "--delay-ms", "40");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("with SIGKILL after"), r.out());
    assertTrue(r.out().contains("Run demo: COMPLETED after 8 steps, result 8"), r.out());
    assertTrue(r.out().contains("every charge exactly once"), r.out());
    assertTrue(r.out().contains("hash chain intact"), r.out());
    assertEquals(IntStream.rangeClosed(1, 8).mapToObj(i -> "charge-" + i).toList(),
        Files.readAllLines(dir.resolve("charges.txt")));
  }

  @Test
  void theDemoRefusesADirectoryThatAlreadyHoldsOne() throws Exception {
    Files.writeString(dir.resolve("charges.txt"), "");
    Cli.Result r = Cli.run("demo", "--dir", dir.toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("already holds a demo"), r.err());
    assertEquals(List.of(), Files.readAllLines(dir.resolve("charges.txt")));
  }
}
