package dev.weft.cli;

import dev.weft.InvalidInputException;
import dev.weft.Weft;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft worker}: continues due runs until stopped. */
@Command(name = "worker", description = {
    "Continue runs as they become due, until stopped with Ctrl-C or SIGTERM: waiting runs"
        + " whose signal arrives or whose time comes (also time that came while no worker"
        + " ran), and runs a stopping worker paused.",
    "Runs of every definition it knows (the bundled examples and --classpath) are continued;"
        + " a waiting run holds no thread. On stop, runs it executes pause at their next step"
        + " boundary and the next worker continues them."})
final class WorkerCommand extends WeftCommand {
  @Mixin Database database;

  @Option(names = "--poll-millis", paramLabel = "MS", defaultValue = "1000",
      description = "How often to look for runs made due by other processes"
          + " (default ${DEFAULT-VALUE}).")
  long pollMillis;

  @Override
  int execute(Output out) throws Exception {
    if (pollMillis < 10) {
      throw new InvalidInputException("--poll-millis must be at least 10, got " + pollMillis);
    }
    try (UserCode code = database.userCode()) {
      Weft weft = database.openWorker(code, Duration.ofMillis(pollMillis));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("weft-worker-stop")
          .unstarted(() -> {
            weft.close();
            out.line("weft worker: stopped");
            stopped.countDown();
          }));
      out.line("weft worker: continuing due runs of " + String.join(", ", code.names())
          + " in " + database.db + "; stop with Ctrl-C");
      stopped.await();
      return Output.OK;
    }
  }
}
