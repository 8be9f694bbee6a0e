package dev.weft.postgres.workers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link WorkerChild} JVM as a test sees it: its protocol lines as they arrive, its output
 * for failure messages, and signals: SIGKILL, SIGTERM, SIGSTOP and SIGCONT.
 */
final class WorkerProcess implements AutoCloseable {
  private static final String END = "\u0000end";

  private final Process process;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final List<String> output = new ArrayList<>();

  private WorkerProcess(Process process) {
    this.process = process;
    Thread.ofVirtual().name("worker-" + process.pid()).start(this::read);
  }

  /** Starts a worker JVM with {@code key=value} arguments and waits until it has opened. */
  static WorkerProcess start(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElseThrow(),
        "-cp", System.getProperty("java.class.path"),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto",
        "-Xmx256m", WorkerChild.class.getName()));
    command.addAll(args);
    WorkerProcess p = new WorkerProcess(new ProcessBuilder(command).redirectErrorStream(true)
        .start());
    if (p.await("OPENED").isEmpty()) {
      throw new AssertionError("worker " + p.pid() + " did not open:\n" + p.output());
    }
    return p;
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
      // killed mid-line
    } finally {
      events.add(END);
    }
  }

  /** The next protocol line that matches (others are skipped); empty if the output ends. */
  Optional<String> await(Predicate<String> matching) throws InterruptedException {
    while (true) {
      String e = events.poll(60, TimeUnit.SECONDS);
      if (e == null) {
        throw new AssertionError("worker " + pid() + " said nothing for 60 s:\n" + output());
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

  /** Waits until the output has a line containing {@code text} (log lines too). */
  void awaitOutput(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!output().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("worker " + pid() + " never printed '" + text + "':\n"
            + output());
      }
      Thread.sleep(20);
    }
  }

  /** SIGKILL; returns the exit status (137) once the process is gone. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }

  /** SIGTERM; the worker drains and exits. */
  void terminate() {
    // Through the handle: Process.destroy would also close our end of the worker's output, and
    // what it prints while draining would be lost.
    process.toHandle().destroy();
  }

  /** Sends {@code kill -SIGNAL pid} (STOP, CONT). */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO()
        .start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + name + " " + pid() + " failed");
    }
  }

  /** Waits for the process to exit and returns its status. */
  int exit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("worker " + pid() + " did not exit within 60 s:\n" + output());
    }
    return process.exitValue();
  }

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
