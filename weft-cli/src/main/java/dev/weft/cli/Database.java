package dev.weft.cli;

import dev.weft.InvalidInputException;
import dev.weft.Weft;
import dev.weft.WeftBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the runs are and how to read them: {@code --db}, the journal key, and the user's code.
 */
final class Database {
  static final String KEY_ENV = "WEFT_SECRET_KEY";

  @Option(names = "--db", paramLabel = "PATH", defaultValue = "weft.db",
      description = "The store: a SQLite file (default ${DEFAULT-VALUE}) or a URL such as"
          + " sqlite:PATH, memory: or jdbc:...")
  String db = "weft.db";

  @Option(names = "--key-file", paramLabel = "PATH",
      description = "Secret key of HMAC-chained journals (default: the " + KEY_ENV
          + " environment variable).")
  @Nullable Path keyFile;

  @Option(names = "--classpath", paramLabel = "PATH", split = ":",
      description = "Jars or directories with the user's definitions"
          + " (listed in META-INF/services/dev.weft.Definition).")
  List<Path> classpath = new ArrayList<>();

  /** The user's code on top of the CLI's own (with the bundled examples). */
  UserCode userCode() {
    return UserCode.load(classpath);
  }

  /**
   * Opens an existing store for reading and small operator writes (signals, answers); never
   * creates a file, and continues no run.
   */
  Weft openExisting() {
    return builder(false).scheduler(false).build();
  }

  /**
   * Opens the store with the user's definitions to drive one run; {@code create} allows a new
   * database. Other due runs are left to a worker.
   */
  Weft open(boolean create, UserCode code) {
    return withCode(builder(create), code).scheduler(false).build();
  }

  /** Opens an existing store with the user's definitions for a worker (which continues runs). */
  Weft openWorker(UserCode code) {
    return withCode(builder(false), code).scheduler(false).build();
  }

  private static WeftBuilder withCode(WeftBuilder b, UserCode code) {
    return b.register(code.definitions().toArray(dev.weft.Definition[]::new));
  }

  private WeftBuilder builder(boolean create) {
    WeftBuilder b = Weft.builder().url(db).create(create);
    byte[] key = secretKey();
    if (key != null) {
      b.secretKey(key);
    }
    return b;
  }

  private byte @Nullable [] secretKey() {
    if (keyFile != null) {
      try {
        return withoutTrailingNewline(Files.readAllBytes(keyFile));
      } catch (IOException e) {
        throw new InvalidInputException("cannot read --key-file " + keyFile + ": "
            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
            e);
      }
    }
    String env = System.getenv(KEY_ENV);
    return env == null || env.isEmpty() ? null
        : env.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A key file written with {@code echo} ends in a newline that is not part of the key. */
  private static byte[] withoutTrailingNewline(byte[] b) {
    int n = b.length;
    if (n > 0 && b[n - 1] == '\n') {
      n--;
      if (n > 0 && b[n - 1] == '\r') {
        n--;
      }
    }
    return Arrays.copyOf(b, n);
  }
}
