package dev.sparkgen.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The version table on objects the demo does not render (a native sidecar, a scheduled job), at
 * each feature's first version and the one before; and default_repo.go's renaming where the
 * registry takes nested paths.
 */
class ServerFeaturesTest {

  static final List<KubeObject> OBJECTS =
      KubeObject.of(
          Yaml.documents(
              String.join(
                  "\n",
                  "apiVersion: batch/v1",
                  "kind: CronJob",
                  "metadata: {name: nightly}",
                  "spec:",
                  "  timeZone: Etc/UTC",
                  "  jobTemplate:",
                  "    spec:",
                  "      podFailurePolicy: {rules: []}",
                  "      template:",
                  "        spec:",
                  "          initContainers:",
                  "            - {name: log-shipper, image: x, restartPolicy: Always}",
                  "          containers: [{name: driver, image: y}]",
                  "")));

  @ParameterizedTest(name = "1.{0}")
  @CsvSource({
    "24, ''",
    "25, CronJob timeZone",
    "26, CronJob timeZone;podFailurePolicy",
    "28, CronJob timeZone;podFailurePolicy",
    "29, CronJob timeZone;podFailurePolicy;podReplacementPolicy Failed;native sidecars",
  })
  void eachFeatureFromItsVersion(int minor, String supported) {
    List<ServerFeatures.Finding> findings = ServerFeatures.examine(OBJECTS, minor);

    assertThat(findings)
        .extracting(f -> f.feature().name() + " <- " + f.use())
        .containsExactlyInAnyOrder(
            "podFailurePolicy <- CronJob nightly",
            "podReplacementPolicy Failed <- CronJob nightly",
            "native sidecars <- init container log-shipper of CronJob nightly",
            "CronJob timeZone <- CronJob nightly");
    assertThat(findings.stream().filter(ServerFeatures.Finding::supported))
        .extracting(f -> f.feature().name())
        .containsExactlyInAnyOrder(supported.isEmpty() ? new String[0] : supported.split(";"));
  }

  @ParameterizedTest
  @CsvSource({
    "v1.26.15-eks-1234, 26",
    "v1.34.1, 34",
    "1.29.0+k3s1, 29",
    "garbage, -1",
  })
  void theMinorVersionOfAGitVersion(String gitVersion, int minor) {
    assertThat(ServerFeatures.minor(gitVersion)).isEqualTo(minor);
  }

  /** default_repo.go 57-69: gcr.io and *-docker.pkg.dev keep nested paths, a shared prefix once. */
  @ParameterizedTest
  @CsvSource({
    "gcr.io/my-project, demo, gcr.io/my-project/demo",
    "gcr.io/my-project, gcr.io/my-project/demo, gcr.io/my-project/demo",
    "gcr.io/my-project/sub, gcr.io/my-project/demo, gcr.io/my-project/sub/demo",
    "gcr.io/my-project, gcr.io/other-project/demo, gcr.io/my-project/gcr.io/other-project/demo",
    "europe-docker.pkg.dev/my-project/repo, registry.example.com/team/demo,"
        + " europe-docker.pkg.dev/my-project/repo/registry.example.com/team/demo",
    "localhost:5000, registry.example.com/team/demo, localhost:5000/registry_example_com_team_demo",
  })
  void theDefaultRepoRenamesTheImage(String defaultRepo, String image, String expected) {
    assertThat(SkaffoldBuild.substitute(defaultRepo, null, image)).isEqualTo(expected);
  }
}
