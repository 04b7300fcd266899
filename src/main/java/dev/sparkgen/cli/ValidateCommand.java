package dev.sparkgen.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sparkgen validate}: renders every overlay of a job repository and checks it. The work is
 * in {@link ValidateRun}, so that building the command line (as every command does) loads no
 * validation class: `sparkgen new` never pays for the schema validator.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Renders each overlay of a job repository with `kubectl kustomize` and checks it: schemas, Pod Security, RBAC, "
          + "one image, names and labels, the names Spark settings mention, memory and CPU against limits and quota, skaffold "
          + "profiles, Spark property names, and on a shared cluster what a tenant's edit and admin roles may create. Offline; writes nothing."
    },
    footer = {
      "",
      "Exit codes: 0 no findings (warnings allowed), 1 findings (or kubectl missing), 2 bad usage. Rules: docs/validate.md."
    })
final class ValidateCommand implements Callable<Integer> {

  enum Output {
    text,
    json
  }

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      description = "The job repository. Default: the current directory.")
  Path directory = Path.of(".");

  @Option(
      names = "--env",
      paramLabel = "ENV",
      description = "Validate only this environment (overlay); repeatable. Default: all.")
  List<String> environments = new ArrayList<>();

  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description =
          "Findings as text, or as JSON for CI (its schema: docs/validate.md). Default: ${DEFAULT-VALUE}.")
  Output output;

  @Option(
      names = "--tenant-role",
      paramLabel = "FILE",
      description =
          "The ClusterRole (or Role) a team holds in its namespace on a shared cluster, as YAML (`kubectl get clusterrole NAME -o yaml`): "
              + "what the overlay must be creatable with. Default: Kubernetes' built-in edit.")
  Path tenantRole;

  @Option(
      names = "--shared-role",
      paramLabel = "FILE",
      description =
          "The ClusterRole (or Role) of whoever applies shared/ once, as YAML. Default: Kubernetes' built-in admin.")
  Path sharedRole;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() {
    return ValidateRun.run(
        directory,
        environments,
        tenantRole,
        sharedRole,
        output == Output.json,
        commandSpec.commandLine().getOut(),
        commandSpec.commandLine().getErr());
  }
}
