package dev.sparkgen.cli;

import dev.sparkgen.archetype.ArchetypeCatalog;
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
    description =
        "Generates Spark-on-Kubernetes job repositories: Maven + Jib, Kustomize overlays, skaffold.",
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage or input."})
public final class SparkgenCommand implements Runnable {

  /** In the order {@code sparkgen --help} lists them. */
  static final List<String> SUBCOMMANDS =
      List.of(
          "new",
          "init",
          "add-env",
          "upgrade",
          "archetypes",
          "validate",
          "doctor",
          "completion",
          "help");

  private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

  @Option(
      names = "--stacktrace",
      hidden = true,
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error.")
  boolean stacktrace;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    // The CLI speaks only through its own messages (so slf4j-nop for JGit): without this FreeMarker
    // would set up java.util.logging on every run to log nothing.
    if (System.getProperty("org.freemarker.loggerLibrary") == null) {
      System.setProperty("org.freemarker.loggerLibrary", "none");
    }
    // One catalog for the command and the thread that parses its templates ahead.
    ArchetypeCatalog builtIn = ArchetypeCatalog.builtIn();
    parseAhead(args, builtIn);
    // The console's own encoding: the launcher switches a non-UTF-8 locale to C.UTF-8.
    PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.Charset.defaultCharset());
    int exitCode;
    try {
      exitCode =
          commandLine(
                  new PrintWriter(System.out, true, java.nio.charset.Charset.defaultCharset()),
                  err,
                  PlanRenderer.Limits.DEFAULT,
                  neededBy(args),
                  builtIn)
              .execute(args);
    } catch (Error e) {
      // Thrown before parsing finished (the execution strategy catches the rest).
      exitCode = new ShortErrorHandler(List.of(args).contains("--stacktrace")).handleError(e, err);
    }
    System.exit(exitCode);
  }

  /**
   * For a plain {@code sparkgen new}, parses the default archetype's templates on a second thread
   * while this one builds the command line and checks the input: about a third of the command's
   * time in a cold JVM. A guess from the raw arguments, so only a head start; with another
   * archetype or a template folder the templates are parsed as they are rendered.
   */
  private static void parseAhead(String[] args, ArchetypeCatalog builtIn) {
    if (args.length == 0 || !args[0].equals("new")) {
      return;
    }
    for (String arg : args) {
      if (arg.startsWith("--archetype") || arg.startsWith("--templates") || arg.equals("--")) {
        return;
      }
    }
    PlanRenderer.parseAhead(
        NewCommand.DEFAULT_ARCHETYPE, () -> builtIn.load(NewCommand.DEFAULT_ARCHETYPE));
  }

  /** The configured CLI writing to {@code out} and {@code err}; tests run it in-process. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, PlanRenderer.Limits.DEFAULT);
  }

  /** As above, with other rendering limits: tests of runaway templates need not wait 20 s. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, PlanRenderer.Limits limits) {
    return commandLine(out, err, limits, SUBCOMMANDS, ArchetypeCatalog.builtIn());
  }

  /**
   * The subcommands a command line needs: only the one it names, as picocli reads the annotations
   * of every registered command before parsing (a third of a {@code new} once was picocli building
   * commands it did not run). help, completion, a mistyped command or an option before the command
   * (which may be a request for the top-level usage) get them all.
   */
  static List<String> neededBy(String[] args) {
    boolean one =
        args.length > 0
            && SUBCOMMANDS.contains(args[0])
            && !args[0].equals("help")
            && !args[0].equals("completion");
    return one ? List.of(args[0]) : SUBCOMMANDS;
  }

  static CommandLine commandLine(
      PrintWriter out,
      PrintWriter err,
      PlanRenderer.Limits limits,
      List<String> subcommands,
      ArchetypeCatalog builtIn) {
    // Each CommandLine registers converters for java.sql and java.time types by reflection, loading
    // those classes on every run; no option here has such a type.
    if (System.getProperty(CONVERTER_EXCLUDES) == null) {
      System.setProperty(CONVERTER_EXCLUDES, "java\\.sql\\..*,java\\.time\\..*");
    }
    CommandLine cli = new CommandLine(new SparkgenCommand());
    for (String name : subcommands) {
      cli.addSubcommand(name, subcommand(name, limits, builtIn));
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionStrategy(
        parseResult -> {
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

  /** A switch, not class literals: a command that is not run is not even loaded. */
  private static Object subcommand(
      String name, PlanRenderer.Limits limits, ArchetypeCatalog builtIn) {
    return switch (name) {
      case "new" -> new NewCommand(limits, builtIn);
      case "init" -> new InitCommand();
      case "add-env" -> new AddEnvCommand();
      case "upgrade" -> new UpgradeCommand();
      case "archetypes" -> new ArchetypesCommand();
      case "validate" -> new ValidateCommand();
      case "doctor" -> new DoctorCommand();
      case "completion" -> new CompletionCommand();
      case "help" -> new CommandLine.HelpCommand();
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
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
