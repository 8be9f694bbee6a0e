package dev.weft.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Finds PostgreSQL's server binaries: {@code WEFT_PG_BIN}, else /usr/lib/postgresql/15/bin. */
final class Binaries {
  private static final Path DEBIAN = Path.of("/usr/lib/postgresql");

  private Binaries() {}

  static Path find() throws IOException {
    String configured = System.getenv("WEFT_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      Path bin = Path.of(configured);
      if (!isServer(bin)) {
        throw new IllegalStateException("WEFT_PG_BIN=" + configured + " holds no PostgreSQL"
            + " server binaries (initdb, pg_ctl, postgres)");
      }
      return bin;
    }
    Path preferred = DEBIAN.resolve("15/bin");
    if (isServer(preferred)) {
      return preferred;
    }
    // Another major version packaged the same way will do.
    if (Files.isDirectory(DEBIAN)) {
      try (Stream<Path> versions = Files.list(DEBIAN)) {
        List<Path> found = versions.map(v -> v.resolve("bin")).filter(Binaries::isServer)
            .sorted(Comparator.comparing(Path::toString).reversed()).toList();
        if (!found.isEmpty()) {
          return found.get(0);
        }
      }
    }
    throw new IllegalStateException("the PostgreSQL tests need a PostgreSQL server, and none was"
        + " found in " + preferred + " (or another " + DEBIAN + "/*/bin). Install it"
        + " (apt-get install -y postgresql-15; .ci/run does this on a fresh machine) or point"
        + " WEFT_PG_BIN at a directory with initdb, pg_ctl and postgres.");
  }

  private static boolean isServer(Path bin) {
    return Stream.of("initdb", "pg_ctl", "postgres")
        .allMatch(name -> Files.isExecutable(bin.resolve(name)));
  }
}
