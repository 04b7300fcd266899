package dev.sparkgen.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.validate.PodSecurity;
import dev.sparkgen.validate.Rendered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Kubernetes checks OverlaysTest runs, for repositories other tests have changed (upgrade,
 * add-env): every overlay and its shared/ render with a real kubectl, every object is valid, RBAC
 * is exact and in shared/ only, the Job and the executor template are right, every pod is
 * restricted.
 */
public final class OverlayChecks {

  private OverlayChecks() {}

  public static void everyOverlayPasses(Path repo, String app) {
    Path kubectl = ExternalTools.require("kubectl");
    try (Stream<Path> overlays = Files.list(repo.resolve("k8s/overlays"))) {
      for (Path overlay : overlays.sorted().toList()) {
        String where = app + " " + overlay.getFileName() + ": ";
        Rendered rendered = Render.kustomize(kubectl, overlay);
        Checks.allValidAgainstKubernetesSchemas(rendered);
        Checks.nothingClusterScoped(rendered);
        assertThat(rendered.kindsAndNames())
            .as(where + "what every deploy applies: nothing `edit` may not create")
            .noneMatch(
                k ->
                    k.startsWith("Role/")
                        || k.startsWith("RoleBinding/")
                        || k.startsWith("PodTemplate/"));
        Checks.executorScheduling(rendered);
        Checks.driverJob(rendered, app + "-driver");
        Checks.executorTemplate(rendered);
        Checks.baseSparkSettings(rendered.sparkProperties());
        Checks.networkPolicies(rendered, Map.of("app.kubernetes.io/name", app));
        rendered
            .podSpecs()
            .forEach(
                (pod, spec) -> assertThat(PodSecurity.violations(spec)).as(where + pod).isEmpty());
        Rendered shared = Render.kustomize(kubectl, overlay.resolve("shared"));
        Checks.allValidAgainstKubernetesSchemas(shared);
        Checks.driverRbac(shared, app + "-driver", app + "-driver");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
