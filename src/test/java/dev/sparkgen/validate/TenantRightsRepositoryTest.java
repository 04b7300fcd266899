package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sparkgen.testing.CachedKustomize;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.BrokenRepositoriesTest.Edit;
import dev.sparkgen.write.PlanWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tenant-rights, driver-workload and driver-egress on the generated demo (dev on a local cluster,
 * staging and prod on a shared one), rendered by the real kubectl.
 */
@Tag("slow")
class TenantRightsRepositoryTest {

  @TempDir static Path work;

  @BeforeAll
  static void tools() {
    ExternalTools.require("kubectl");
  }

  static Path demo(String name) {
    Path repo = work.resolve(name);
    new PlanWriter().write(Fixtures.demoPlan(), repo);
    return repo;
  }

  static Report validate(Path repo, String env) {
    return new Validator(CachedKustomize.kubectl())
        .validate(JobRepository.open(repo), List.of(env));
  }

  /**
   * The generated layout: what every deploy applies is creatable with edit, shared/ with admin (the
   * driver's Role and RoleBinding, component driver-rbac), nothing beyond.
   */
  @Test
  void theDemoIsDeployableByATenantOnASharedCluster() {
    Path repo = demo("clean");
    for (String env : List.of("staging", "prod")) {
      assertThat(validate(repo, env).findings())
          .as(env)
          .noneMatch(f -> f.rule().equals(TenantRights.ID));
    }
  }

  /**
   * The Role back in what every deploy applies, as sparkgen generated it before (issue 23, seen on
   * a real cluster): a tenant with edit can apply neither it nor its binding, and the fix says
   * where they belong.
   */
  @Test
  void theDriversRoleInTheOverlayIsNotDeployableWithEdit() throws Exception {
    Path repo = demo("role-in-overlay");
    Path kustomization = repo.resolve("k8s/overlays/staging/kustomization.yaml");
    String text = Files.readString(kustomization);
    Files.writeString(
        kustomization,
        text.replace("components:\n", "components:\n  - ../../base/components/driver-rbac\n"));

    Report report = validate(repo, "staging");

    String overlay = "k8s/overlays/staging/kustomization.yaml";
    assertThat(report.findings().stream().filter(f -> f.rule().equals(TenantRights.ID)))
        .extracting(Finding::file, Finding::object, Finding::message)
        .containsExactly(
            tuple(
                overlay,
                "Role/spark-pi-demo-driver",
                "cannot be applied by a tenant holding the built-in edit ClusterRole: it may not create, get, patch, delete roles.rbac.authorization.k8s.io."),
            tuple(
                overlay,
                "RoleBinding/spark-pi-demo-driver",
                "cannot be applied by a tenant holding the built-in edit ClusterRole: it may not create, get, patch, delete rolebindings.rbac.authorization.k8s.io."));
  }

  @Test
  void aLocalClusterIsTheTeamsOwnAndNotChecked() {
    Report report = validate(demo("dev"), "dev");

    assertThat(report.findings()).isEmpty();
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  void theDriversApiServerEgressIsAWarningUntilNarrowed() throws Exception {
    Path repo = demo("egress");
    Report before = validate(repo, "staging");

    assertThat(before.warnings())
        .extracting(Finding::rule, Finding::file, Finding::object)
        .containsExactly(
            tuple(
                "driver-egress",
                "k8s/overlays/staging/kustomization.yaml",
                "NetworkPolicy/spark-pi-demo-driver-api-server"));
    assertThat(before.findings()).noneMatch(f -> f.rule().equals("driver-egress"));

    // The overlay's commented patch, uncommented, as doctor prints it.
    new Edit(
            "k8s/overlays/staging/kustomization.yaml",
            "images:\n",
            """
            patches:
              - target:
                  kind: NetworkPolicy
                  name: driver-api-server
                patch: |-
                  - op: add
                    path: /spec/egress/0/to
                    value:
                      - ipBlock:
                          cidr: 192.0.2.10/32
            images:
            """)
        .apply(repo);

    assertThat(validate(repo, "staging").warnings()).isEmpty();
  }

  @Test
  void anOverlayWhosePatchDeletesTheJobRendersNoDriver() throws Exception {
    Path repo = demo("no-job");
    new Edit(
            "k8s/overlays/dev/kustomization.yaml",
            "images:\n",
            """
            patches:
              - patch: |-
                  $patch: delete
                  apiVersion: batch/v1
                  kind: Job
                  metadata:
                    name: driver
            images:
            """)
        .apply(repo);

    Report report = validate(repo, "dev");

    assertThat(report.findings())
        .filteredOn(f -> f.rule().equals("driver-workload"))
        .extracting(Finding::file, Finding::object, Finding::message)
        .containsExactly(
            tuple(
                "k8s/overlays/dev/kustomization.yaml",
                null,
                "renders no Job and no CronJob: nothing runs spark-submit, so a deploy of dev starts no driver."));
  }
}
