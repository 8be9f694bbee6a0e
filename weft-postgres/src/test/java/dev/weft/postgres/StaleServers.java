package dev.weft.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test servers whose JVM died without running its shutdown hook (a killed surefire fork):
 * their directories are found by name, their postmasters stopped and the directories deleted.
 */
final class StaleServers {
  private static final String PREFIX = "weft-pg-";

  private StaleServers() {}

  /** A new directory for this JVM's server, named after the JVM's process id. */
  static Path newDirectory() throws IOException {
    return Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
  }

  static void clean() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> dirs;
    try (Stream<Path> all = Files.list(tmp)) {
      dirs = all.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList();
    }
    for (Path dir : dirs) {
      String[] parts = dir.getFileName().toString().split("-");
      long owner = parts.length > 2 && parts[2].matches("[0-9]+") ? Long.parseLong(parts[2]) : -1;
      if (owner > 0 && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
        continue;
      }
      killPostmaster(dir);
      delete(dir);
    }
  }

  /** Stops the postmaster of {@code dir}'s data directory if one is still running. */
  static void killPostmaster(Path dir) {
    Optional<ProcessHandle> postmaster = pid(dir.resolve("data/postmaster.pid"))
        .flatMap(ProcessHandle::of)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    postmaster.ifPresent(p -> {
      p.destroyForcibly();
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // best effort: the directory goes anyway
      }
    });
  }

  private static Optional<Long> pid(Path file) {
    try {
      String first = Files.readAllLines(file).get(0).trim();
      return Optional.of(Long.parseLong(first));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
