package dev.sparkgen.cli;

import dev.sparkgen.plan.PlanRenderer;
import java.io.PrintWriter;
import java.util.List;
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
    subcommands = {NewCommand.class, InitCommand.class, AddEnvCommand.class, UpgradeCommand.class, ArchetypesCommand.class, ValidateCommand.class, DoctorCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
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
    // The console's own encoding: the launcher switches a non-UTF-8 locale to C.UTF-8.
    PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.Charset.defaultCharset());
    int exitCode;
    try {
      exitCode = commandLine(new PrintWriter(System.out, true, java.nio.charset.Charset.defaultCharset()), err).execute(args);
    } catch (Error e) {
      // Thrown before parsing finished (the execution strategy catches the rest).
      exitCode = new ShortErrorHandler(List.of(args).contains("--stacktrace")).handleError(e, err);
    }
    System.exit(exitCode);
  }

  /** The configured CLI writing to {@code out} and {@code err}; tests run it in-process. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, PlanRenderer.Limits.DEFAULT);
  }

  /** As above, with other rendering limits: tests of runaway templates need not wait 20 s. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, PlanRenderer.Limits limits) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine cli = new CommandLine(new SparkgenCommand(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == NewCommand.class ? type.cast(new NewCommand(limits)) : defaults.create(type);
      }
    });
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionStrategy(parseResult -> {
      // Known only after parsing: whether the user asked for stack traces.
      ShortErrorHandler handler = new ShortErrorHandler(stacktraceRequested(parseResult));
      cli.setExecutionExceptionHandler(handler);
      try {
        return new CommandLine.RunLast().execute(parseResult);
      } catch (Error e) {
        return handler.handleError(e, cli.getErr());
      }
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
