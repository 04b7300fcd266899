package dev.sparkgen.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sparkgen doctor}: whether this machine and the current cluster can build and deploy an
 * environment. Work in {@link DoctorRun}.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Checks this machine and the current cluster for one environment of a job repository: Java, the Maven wrapper, "
          + "kubectl and its kustomize, skaffold; the context, cluster and namespace (Pod Security); with `kubectl auth can-i`, "
          + "for each object the overlay and its shared/ render, your rights to deploy it (shared/: to apply it once), "
          + "the rights each rendered Role gives its account and that the executors' account has none; the API server's "
          + "addresses, with the patch narrowing the driver's egress to them; the Kubernetes features the objects use that "
          + "the server's version lacks; what skaffold will do with the image for this context (push or load, and the "
          + "image's name, by skaffold's own rules) and the registry it pushes to. "
          + "Read-only: it never changes the cluster; every kubectl call is time-limited, and it ends within a minute."
    },
    footer = {
      "",
      "Exit codes: 0 every check passed (warnings allowed), 1 a check failed, 2 bad usage."
    })
final class DoctorCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      description = "The job repository. Default: the current directory.")
  Path directory = Path.of(".");

  @Option(
      names = "--env",
      paramLabel = "ENV",
      description = "The environment to check. Default: the first overlay, skaffold's default.")
  String environment;

  @Option(
      names = {"-d", "--default-repo"},
      paramLabel = "REPO",
      description =
          "The --default-repo you give skaffold (else SKAFFOLD_DEFAULT_REPO, else skaffold's global"
              + " config for the context): doctor predicts the image skaffold pushes with it.")
  String defaultRepo;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() {
    return DoctorRun.run(directory, environment, defaultRepo, commandSpec.commandLine().getOut());
  }
}
