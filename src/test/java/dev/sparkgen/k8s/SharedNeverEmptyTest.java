package dev.sparkgen.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.spec.SpecBuilder;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl apply -k k8s/overlays/<env>/shared}, which the README and the local environments'
 * before-deploy hook run, fails with "no objects passed to apply" when shared/ renders nothing
 * (seen with a real kubectl on a shared environment before the driver's Role moved there). For
 * every archetype, kind of cluster and object store, every environment's shared/ renders at least
 * the driver's Role and RoleBinding, so that command always has something to apply.
 */
@Tag("slow")
class SharedNeverEmptyTest {

  @TempDir Path work;

  static Stream<Arguments> repositories() {
    List<Arguments> rows = new ArrayList<>();
    List<List<String>> envLists =
        List.of(
            List.of("dev", "staging", "prod"), List.of("dev:shared", "qa:shared", "prod:local"));
    for (String archetype : List.of("spark-pi", "adopt")) {
      for (List<String> envs : envLists) {
        for (List<String> stores : List.of(List.<String>of(), List.of("s3a"), List.of("gcs"))) {
          UnaryOperator<SpecBuilder> options =
              b -> {
                SpecBuilder s = b.envs(envs).objectStores(stores);
                return "adopt".equals(archetype)
                    ? s.archetype("adopt").mainClass("com.acme.Main")
                    : s;
              };
          rows.add(Arguments.of(archetype + " " + envs + " " + stores, options));
        }
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repositories")
  void everySharedKustomizationHoldsTheDriversRole(String what, UnaryOperator<SpecBuilder> options)
      throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Path repo = work.resolve("repo");
    new PlanWriter().write(Fixtures.plan("demo", options), repo);
    try (Stream<Path> overlays = Files.list(repo.resolve("k8s/overlays"))) {
      for (Path overlay : overlays.toList()) {
        Rendered shared = Render.kustomize(kubectl, overlay.resolve("shared"));
        assertThat(shared.kindsAndNames())
            .as("%s: what kubectl apply -k %s applies", what, repo.relativize(overlay))
            .contains("Role/demo-driver", "RoleBinding/demo-driver");
      }
    }
  }
}
