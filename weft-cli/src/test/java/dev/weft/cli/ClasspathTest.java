package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's definition, compiled outside the CLI's class path, found through --classpath. */
class ClasspathTest {
  private static final String SOURCE = """
      package example;

      import dev.weft.Loop;
      import dev.weft.StepContext;
      import dev.weft.Transition;

      public final class Greeter implements Loop<Greeter.In, Greeter.In, String> {
        public record In(String name) {}

        @Override public String name() { return "greeter"; }
        @Override public In start(In input) { return input; }
        @Override public Transition<In, String> step(In s, StepContext ctx) {
          return Transition.complete("hello, " + s.name());
        }
      }
      """;

  @TempDir Path dir;

  @Test
  void definitionsInClasspathJarsOrDirectoriesAreFoundByName() throws Exception {
    Path classes = compileGreeter();
    Path db = dir.resolve("weft.db");

    Cli.Result unknown = Cli.on(db, "run", "greeter", "--run-id", "g1");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unknown definition 'greeter'"), unknown::toString);

    Cli.Result r = Cli.on(db, "run", "greeter", "--run-id", "g1", "--input",
        "{\"name\": \"Ada\"}", "--classpath", dir.resolve("elsewhere") + ":" + classes);
    assertEquals(2, r.code(), "a missing entry is reported: " + r);
    assertTrue(r.err().contains("--classpath entry " + dir.resolve("elsewhere")
        + " does not exist"), r::toString);

    ClassLoader before = Thread.currentThread().getContextClassLoader();
    Cli.Result ok = Cli.on(db, "run", "greeter", "--run-id", "g1", "--input",
        "{\"name\": \"Ada\"}", "--classpath", classes.toString());
    assertEquals("run g1: COMPLETED after 1 step, result hello, Ada\n", ok.out(), ok::toString);
    assertEquals(before, Thread.currentThread().getContextClassLoader(),
        "the context class loader is restored");
  }

  private Path compileGreeter() throws Exception {
    Path src = dir.resolve("src/example/Greeter.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, SOURCE);
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes.resolve("META-INF/services"));
    Files.writeString(classes.resolve("META-INF/services/dev.weft.Definition"),
        "example.Greeter\n");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "--release", "21", "-proc:none", "-d",
        classes.toString(), "-cp", System.getProperty("java.class.path"), src.toString());
    assertEquals(0, rc, "javac");
    return classes;
  }

  @Test
  void theBundledExamplesAreListedInTheUnknownDefinitionMessage() {
    Cli.Result r = Cli.on(dir.resolve("w.db"), "run", "nosuch", "--run-id", "x");
    assertEquals(List.of("approval", "charge", "counter", "reminder", "test-flaky",
        "test-halting", "triage"), List.of(
        r.err().replaceAll("(?s).*registered: ([^.]*)\\..*", "$1").strip().split(", ")));
  }
}
