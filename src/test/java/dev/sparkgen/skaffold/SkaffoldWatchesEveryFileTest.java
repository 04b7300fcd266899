package dev.sparkgen.skaffold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.spec.SpecBuilder;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.write.PlanWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Under {@code skaffold dev} a saved file redeploys only if skaffold's dependency rule for the
 * kustomize renderer lists it (SkaffoldKustomizeDependencies, ported from skaffold's source). Seen
 * on a real skaffold 2.15: appending to an overlay's spark.properties, then listed as {@code
 * 90-environment.properties=spark.properties}, redeployed nothing. Here, for every archetype and
 * every environment of the generated repository, the files a real {@code kubectl kustomize} opens
 * while rendering the overlay (traced with strace: what kustomize reads, not what we think it
 * reads) must all be in that list.
 */
@Tag("slow")
class SkaffoldWatchesEveryFileTest {

  @TempDir Path work;

  static Stream<Arguments> repositories() {
    UnaryOperator<SpecBuilder> adopt = b -> b.archetype("adopt").mainClass("com.acme.Main");
    return Stream.of(
        Arguments.of("spark-pi", (UnaryOperator<SpecBuilder>) b -> b),
        Arguments.of("adopt", adopt),
        Arguments.of(
            "spark-pi, own environments and an object store",
            (UnaryOperator<SpecBuilder>)
                b ->
                    b.envs(List.of("dev:shared", "qa", "production:local"))
                        .objectStores(List.of("s3a"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repositories")
  void everyFileKustomizeReadsForAnOverlayIsOneSkaffoldWatches(
      String what, UnaryOperator<SpecBuilder> options) throws Exception {
    Path repo = write(Fixtures.plan("demo", options));
    try (Stream<Path> overlays = Files.list(repo.resolve("k8s/overlays"))) {
      for (Path overlay : overlays.sorted().toList()) {
        Set<Path> read = filesKustomizeReads(repo, overlay);
        assertThat(read)
            .as("what kubectl kustomize reads for %s", repo.relativize(overlay))
            .contains(overlay.resolve("spark.properties"), overlay.resolve("kustomization.yaml"));
        assertThat(relative(repo, missing(read, overlay)))
            .as(
                "files kustomize reads for %s that skaffold dev does not watch (an edit to them"
                    + " never redeploys)",
                repo.relativize(overlay))
            .isEmpty();
      }
    }
  }

  /**
   * With every opt-in component of the overlay switched on (uncommented), including the schedule
   * and its transformer: only what skaffold's rule never follows is missing, the files named by
   * {@code transformers:} and {@code configurations:}, both in k8s/base, which a team changes
   * through {@code sparkgen upgrade} rather than during a dev session.
   */
  @Test
  void withEveryComponentOnOnlyTransformersAndConfigurationsAreUnwatched() throws Exception {
    Path repo = write(Fixtures.plan("demo", b -> b.objectStores(List.of("s3a"))));
    Path overlay = repo.resolve("k8s/overlays/staging");
    Path kustomization = overlay.resolve("kustomization.yaml");
    String text = Files.readString(kustomization);
    for (String component :
        List.of(
            "event-logs-object-store",
            "monitoring",
            "object-store-egress",
            "object-store-secret",
            "workload-identity-gke",
            "workload-identity-azure",
            "kueue",
            "yunikorn",
            "schedule")) {
      String line = "  # - ../../base/components/" + component + "\n";
      assertThat(text).contains(line);
      text = text.replace(line, "  - ../../base/components/" + component + "\n");
    }
    String transformers = "# transformers:\n#   - ../../base/components/schedule/job-to-cronjob\n";
    assertThat(text).contains(transformers);
    text =
        text.replace(
            transformers, "transformers:\n  - ../../base/components/schedule/job-to-cronjob\n");
    Files.writeString(kustomization, text);

    Set<Path> read = filesKustomizeReads(repo, overlay);
    assertThat(relative(repo, missing(read, overlay)))
        .containsExactlyInAnyOrder(
            "k8s/base/components/schedule/job-to-cronjob/kustomization.yaml",
            "k8s/base/components/schedule/job-to-cronjob/copy-job.yaml",
            "k8s/base/components/schedule/job-to-cronjob/remove-job.yaml",
            "k8s/base/components/monitoring/podmonitor-selector.yaml");
  }

  private Path write(Plan plan) throws IOException {
    Path repo = work.toRealPath().resolve("repo-" + System.nanoTime());
    new PlanWriter().write(plan, repo);
    return repo.toRealPath();
  }

  private static Set<Path> missing(Set<Path> read, Path overlay) throws IOException {
    Set<Path> watched = Set.copyOf(SkaffoldKustomizeDependencies.of(overlay));
    return read.stream().filter(p -> !watched.contains(p)).collect(Collectors.toSet());
  }

  private static Set<String> relative(Path repo, Set<Path> paths) {
    return paths.stream()
        .map(p -> repo.relativize(p).toString())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static final Pattern OPENED =
      Pattern.compile("open(?:at)?\\((?:AT_FDCWD, )?\"([^\"]+)\"");

  /**
   * The regular files inside {@code repo} that {@code kubectl kustomize overlay} opens
   * successfully, traced across all its threads.
   */
  static Set<Path> filesKustomizeReads(Path repo, Path overlay) throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Path strace = ExternalTools.require("strace");
    Path trace = Files.createTempFile("kustomize-trace", ".txt");
    try {
      ExternalTools.run(
              overlay,
              strace.toString(),
              "-f",
              "-qq",
              "-s",
              "4096",
              "-e",
              "trace=open,openat",
              "-e",
              "status=successful",
              "-o",
              trace.toString(),
              kubectl.toString(),
              "kustomize",
              overlay.toString())
          .assertSuccess("kubectl kustomize " + overlay + " under strace");
      Set<Path> read = new TreeSet<>();
      for (String line : Files.readAllLines(trace)) {
        Matcher m = OPENED.matcher(line);
        if (m.find()) {
          Path path = overlay.resolve(m.group(1)).normalize();
          if (path.startsWith(repo) && Files.isRegularFile(path)) {
            read.add(path);
          }
        }
      }
      return read;
    } finally {
      Files.deleteIfExists(trace);
    }
  }
}
