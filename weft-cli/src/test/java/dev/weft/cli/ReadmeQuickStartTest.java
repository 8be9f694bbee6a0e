package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java quick start compiles against this build and does what the README says. */
class ReadmeQuickStartTest {
  @TempDir Path dir;

  @Test
  void theReadmeQuickStartCompilesAndCompletesItsRun() throws Exception {
    String readme = Files.readString(repositoryRoot().resolve("README.md"));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README.md has no ```java block");
    String code = m.group(1);
    assertTrue(code.lines().count() <= 25, "the quick start should stay short");
    Path source = dir.resolve("QuickStart.java");
    Files.writeString(source, code);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int rc = javac.run(null, null, errors, "-d", dir.toString(), "-cp",
        System.getProperty("java.class.path"), source.toString());
    assertEquals(0, rc, errors.toString(StandardCharsets.UTF_8));
    String javaBin = ProcessHandle.current().info().command().orElseThrow();
    Process p = new ProcessBuilder(javaBin, "--enable-native-access=ALL-UNNAMED", "-cp",
        dir + java.io.File.pathSeparator + System.getProperty("java.class.path"), "QuickStart")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the quick start did not finish");
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("count-to-5 COMPLETED 5"), output);
    assertTrue(Files.exists(dir.resolve("quickstart.db")));
  }

  static Path repositoryRoot() {
    Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("README.md"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no README.md above " + System.getProperty("user.dir"));
    }
    return p;
  }
}
