package dev.sparkgen.validate;

import static dev.sparkgen.validate.TenantRightsTest.JOB;
import static dev.sparkgen.validate.TenantRightsTest.REPO;
import static dev.sparkgen.validate.TenantRightsTest.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** driver-workload and driver-egress on synthetic rendered objects. */
class DriverChecksTest {

  static List<Finding> run(Rule.EnvironmentCheck check, String env, Rendered job) {
    List<Finding> findings = new ArrayList<>();
    check.check(
        REPO,
        new Environment(env, "k8s/overlays/" + env, job, null),
        (e, file, object, message, fix) ->
            findings.add(new Finding("r", e, file, object, message, fix)));
    return findings;
  }

  static String policy(String selector, String egress) {
    return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
        + "metadata: {name: app-driver-api-server, namespace: app-staging}\n"
        + "spec:\n  podSelector: "
        + selector
        + "\n  policyTypes: [Egress]\n  egress:\n"
        + egress;
  }

  static final String DRIVER = "{matchLabels: {app: app, spark-role: driver}}";
  static final String API_ANYWHERE = "    - ports: [{port: 443, protocol: TCP}, {port: 6443}]\n";

  @Test
  void anOverlayWithoutJobOrCronJobIsAFinding() {
    Rendered configOnly = rendered("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-conf}\n");

    assertThat(run(DriverChecks::driverWorkload, "dev", configOnly))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.file()).isEqualTo("k8s/overlays/dev/kustomization.yaml");
              assertThat(f.message())
                  .isEqualTo(
                      "renders no Job and no CronJob: nothing runs spark-submit, so a deploy of dev starts no driver.");
            });
    assertThat(run(DriverChecks::driverWorkload, "dev", rendered(JOB))).isEmpty();
    assertThat(
            run(
                DriverChecks::driverWorkload,
                "dev",
                rendered("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: app-nightly}\n")))
        .isEmpty();
  }

  @Test
  void theApiServersPortsAtAnyAddressAreAWarningOnASharedCluster() {
    List<Finding> found =
        run(DriverChecks::driverEgress, "staging", rendered(JOB, policy(DRIVER, API_ANYWHERE)));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object()).isEqualTo("NetworkPolicy/app-driver-api-server");
              assertThat(f.file()).isEqualTo("k8s/overlays/staging/kustomization.yaml");
              assertThat(f.message())
                  .isEqualTo(
                      "lets the driver connect to ports 443 and 6443 at any address, where it needs only this cluster's API server.");
              assertThat(f.fix())
                  .startsWith("run `sparkgen doctor --env staging` against the cluster")
                  .contains("commented patch");
            });
  }

  @Test
  void aNarrowedRuleOrAnotherPodOrALocalClusterIsNoWarning() {
    String narrowed =
        "    - ports: [{port: 443}, {port: 6443}]\n      to: [{ipBlock: {cidr: 192.0.2.10/32}}]\n";
    assertThat(run(DriverChecks::driverEgress, "staging", rendered(JOB, policy(DRIVER, narrowed))))
        .isEmpty();
    assertThat(
            run(
                DriverChecks::driverEgress,
                "staging",
                rendered(JOB, policy("{matchLabels: {spark-role: executor}}", API_ANYWHERE))))
        .isEmpty();
    assertThat(
            run(
                DriverChecks::driverEgress,
                "staging",
                rendered(JOB, policy(DRIVER, "    - ports: [{port: 53, protocol: UDP}]\n"))))
        .isEmpty();
    assertThat(run(DriverChecks::driverEgress, "dev", rendered(JOB, policy(DRIVER, API_ANYWHERE))))
        .isEmpty();
  }

  @Test
  void anyAddressIsAlsoTheWholeAddressSpaceAPortRangeOrEveryPort() {
    String everywhere = "    - ports: [{port: 443}]\n      to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n";
    String range = "    - ports: [{port: 6000, endPort: 7000, protocol: TCP}]\n";
    String allPorts = "    - to: []\n";
    String matchAll = "{}";

    assertThat(
            run(DriverChecks::driverEgress, "staging", rendered(JOB, policy(DRIVER, everywhere))))
        .extracting(Finding::message)
        .containsExactly(
            "lets the driver connect to port 443 at any address, where it needs only this cluster's API server.");
    assertThat(run(DriverChecks::driverEgress, "staging", rendered(JOB, policy(DRIVER, range))))
        .extracting(Finding::message)
        .containsExactly(
            "lets the driver connect to port 6443 at any address, where it needs only this cluster's API server.");
    assertThat(
            run(DriverChecks::driverEgress, "staging", rendered(JOB, policy(matchAll, allPorts))))
        .hasSize(1);
  }

  @Test
  void selectorsMatchAsKubernetesMatchesThem() {
    java.util.Map<String, Object> labels = java.util.Map.of("app", "app", "spark-role", "driver");
    assertThat(DriverChecks.selects(java.util.Map.of(), labels)).isTrue();
    assertThat(
            DriverChecks.selects(
                java.util.Map.of(
                    "matchExpressions",
                    List.of(
                        java.util.Map.of(
                            "key", "spark-role", "operator", "In", "values", List.of("driver")),
                        java.util.Map.of("key", "tier", "operator", "DoesNotExist"))),
                labels))
        .isTrue();
    assertThat(
            DriverChecks.selects(
                java.util.Map.of(
                    "matchExpressions",
                    List.of(
                        java.util.Map.of(
                            "key",
                            "spark-role",
                            "operator",
                            "NotIn",
                            "values",
                            List.of("driver")))),
                labels))
        .isFalse();
  }
}
