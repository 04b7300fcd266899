package dev.sparkgen.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code sparkgen} command: generates and maintains Spark-on-Kubernetes job repositories. */
@Command(
    name = "sparkgen",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Generates Spark-on-Kubernetes job repositories: Maven + Jib, Kustomize overlays, skaffold.",
    subcommands = {NewCommand.class, AddEnvCommand.class, UpgradeCommand.class, ArchetypesCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage or input."})
public final class SparkgenCommand implements Runnable {

  @Option(names = "--stacktrace", hidden = true, scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error.")
  boolean stacktrace;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
  }

  /** The configured CLI writing to {@code out} and {@code err}; tests run it in-process. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new SparkgenCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionStrategy(parseResult -> {
      // Known only after parsing: whether the user asked for stack traces.
      cli.setExecutionExceptionHandler(new ShortErrorHandler(stacktraceRequested(parseResult)));
      return new CommandLine.RunLast().execute(parseResult);
    });
    cli.setParameterExceptionHandler(new ShortErrorHandler(false));
    return cli;
  }

  private static boolean stacktraceRequested(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--stacktrace")) {
        return true;
      }
    }
    return false;
  }
}
