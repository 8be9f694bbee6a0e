package dev.weft.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code weft} command: durable runs from the command line. */
@Command(name = "weft", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    scope = CommandLine.ScopeType.INHERIT,
    description = "Weft: durable execution for Java. Runs survive crashes and restarts, and every"
        + " step can be inspected.",
    footer = {"", "Exit codes: 0 ok; 1 the run failed or needs attention, or a journal failed"
        + " verification; 2 usage or input error."},
    subcommands = {RunCommand.class, ResumeCommand.class, RetryCommand.class, ListCommand.class,
        GetCommand.class, HistoryCommand.class, AttemptsCommand.class, ToolCallsCommand.class,
        ExplainCommand.class, VerifyCommand.class, ResolveCommand.class, SignalCommand.class,
        CancelCommand.class, RespondCommand.class, WorkerCommand.class, SnapshotCommand.class, ForkCommand.class,
        GraphCommand.class, BenchCommand.class, DemoCommand.class, ProgressCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it with captured streams. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setParameterExceptionHandler(Main::usageError);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Output.USAGE;
  }

  /** A usage error: one line on stderr (and a JSON error document with --json), exit code 2. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine failed = e.getCommandLine();
    boolean json = Arrays.asList(args).contains("--json");
    Output out = new Output(failed.getOut(), failed.getErr(), json,
        Arrays.asList(args).contains("--verbose"));
    String help = failed.getCommandSpec().qualifiedName() + " --help";
    String message = Output.oneLine(e.getMessage()).replaceFirst("^Error: ", "");
    return out.error(message + " (see " + help + ")", e);
  }

  /** The version from the jar's manifest (absent when run from classes, e.g. in tests). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"weft " + (v == null ? "(development build)" : v)};
    }
  }
}
