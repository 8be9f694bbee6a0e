package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the weft command line in this JVM with captured stdout and stderr. */
final class Cli {
  private Cli() {}

  /** What a command printed and returned. */
  record Result(int code, String out, String err) {
    /** Stdout parsed as exactly one JSON document (trailing content fails). */
    JsonNode json() {
      return Json.parse(out, "stdout");
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs with {@code --db db} appended. */
  static Result on(Path db, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--db");
    all.add(db.toString());
    return run(all.toArray(String[]::new));
  }
}
