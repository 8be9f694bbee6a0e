package dev.weft.sqlite.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running child JVM ({@link ChargeChild} unless told otherwise), as the test sees it: its protocol lines as they arrive, its
 * whole output for failure messages, and a SIGKILL.
 */
final class Child implements AutoCloseable {
  /** Exit status of a process ended by SIGKILL (128 + 9). */
  static final int SIGKILLED = 137;

  private static final String END = "\u0000end";

  private final Process process;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final List<String> output = new ArrayList<>();

  private Child(Process process) {
    this.process = process;
    Thread.ofVirtual().name("child-" + process.pid()).start(this::read);
  }

  /** Starts {@link ChargeChild} in a new JVM like this one, with {@code key=value} arguments. */
  static Child start(List<String> args) throws IOException {
    return start(ChargeChild.class, args);
  }

  /** Starts {@code main} in a new JVM like this one, with {@code key=value} arguments. */
  static Child start(Class<?> main, List<String> args) throws IOException {
    return new Child(new ProcessBuilder(command(main, args)).redirectErrorStream(true).start());
  }

  /**
   * Starts {@link ChargeChild} under a parent that never reaps it: {@code sh} starts the JVM in
   * the background and becomes {@code sleep}, so a killed JVM stays a zombie until this child
   * is closed. {@link #pid()} is then the parent's; the JVM's own pid is in its OPENED line.
   */
  static Child startUnreaped(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of("sh", "-c",
        // Without job control, sh gives a background job /dev/null as stdin; keep ours.
        "exec 3<&0; \"$@\" <&3 3<&- & exec sleep 600", "sh"));
    command.addAll(command(ChargeChild.class, args));
    return new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  private static List<String> command(Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElseThrow(),
        "-cp", System.getProperty("java.class.path"),
        "--enable-native-access=ALL-UNNAMED",
        // Start fast: these JVMs live for a second or less.
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto",
        main.getName()));
    command.addAll(args);
    return command;
  }

  long pid() {
    return process.pid();
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
        if (line.startsWith("WEFT ")) {
          events.add(line.substring(5));
        }
      }
    } catch (IOException ignored) {
      // The process was killed mid-line; what was read is all there is.
    } finally {
      events.add(END);
    }
  }

  /**
   * Waits for the next protocol line that matches, skipping others; empty if the child's
   * output ends first.
   */
  Optional<String> await(Predicate<String> matching) throws InterruptedException {
    while (true) {
      String e = events.poll(60, TimeUnit.SECONDS);
      if (e == null) {
        throw new AssertionError("child " + pid() + " said nothing for 60 s:\n" + output());
      }
      if (e.equals(END)) {
        events.add(END);
        return Optional.empty();
      }
      if (matching.test(e)) {
        return Optional.of(e);
      }
    }
  }

  Optional<String> await(String prefix) throws InterruptedException {
    return await(e -> e.startsWith(prefix));
  }

  /** Sends one line to the child's stdin (opens its gate). */
  void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Kills the child with SIGKILL and returns its exit status once it is gone. */
  int kill() throws InterruptedException {
    // On Linux, destroyForcibly sends SIGKILL; the exit status (137) confirms it.
    process.destroyForcibly();
    return process.waitFor();
  }

  /** Waits for the child to exit on its own and returns its exit status. */
  int exit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child " + pid() + " did not exit within 60 s:\n" + output());
    }
    return process.waitFor();
  }

  /** Everything the child printed so far. */
  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
