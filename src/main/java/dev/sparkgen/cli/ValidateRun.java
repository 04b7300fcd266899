package dev.sparkgen.cli;

import dev.sparkgen.validate.JobRepository;
import dev.sparkgen.validate.Kustomize;
import dev.sparkgen.validate.Report;
import dev.sparkgen.validate.TenantRights;
import dev.sparkgen.validate.TenantRole;
import dev.sparkgen.validate.ToolMissingException;
import dev.sparkgen.validate.ToolTimeoutException;
import dev.sparkgen.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The body of {@code sparkgen validate}, apart from the command so its classes load only when it
 * runs.
 */
final class ValidateRun {

  private ValidateRun() {}

  static int run(
      Path directory,
      List<String> environments,
      Path tenantRole,
      Path sharedRole,
      boolean json,
      PrintWriter out,
      PrintWriter err) {
    JobRepository repository = JobRepository.open(directory);
    TenantRights rights =
        new TenantRights(
            tenantRole == null
                ? TenantRights.BUILT_IN.tenant()
                : TenantRole.read("--tenant-role", tenantRole),
            sharedRole == null
                ? TenantRights.BUILT_IN.shared()
                : TenantRole.read("--shared-role", sharedRole));
    Kustomize kustomize;
    try {
      kustomize = Kustomize.kubectlOnPath();
    } catch (ToolMissingException e) {
      err.println("sparkgen: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    Report report;
    try {
      report = new Validator(kustomize, rights).validate(repository, environments);
    } catch (ToolTimeoutException e) {
      err.println("sparkgen: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    if (json) {
      out.println(report.json());
    } else {
      report.printText(out);
    }
    out.flush();
    return report.clean() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
