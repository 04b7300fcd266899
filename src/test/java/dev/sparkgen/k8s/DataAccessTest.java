package dev.sparkgen.k8s;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static dev.sparkgen.validate.Rendered.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.spec.SparkRelease;
import dev.sparkgen.spec.SparkVersions;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.Finding;
import dev.sparkgen.validate.JobRepository;
import dev.sparkgen.validate.Kustomize;
import dev.sparkgen.validate.PodSecurity;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.validate.Report;
import dev.sparkgen.validate.Validator;
import dev.sparkgen.write.PlanWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data access (k8s/base/README.md, "Data access"): every overlay of repositories generated with
 * object stores, rendered by a real {@code kubectl kustomize} as generated (everything off) and
 * with every commented data-access entry switched on as its comments say: the components, the
 * ServiceAccount and egress patches, the executors' Secret references. Off, nothing changes; on,
 * every object stays valid and restricted, RBAC stays exact, no credential lands in a ConfigMap,
 * the executors get the driver's Secret keys as Spark reads them and keep having no API token, and
 * {@code sparkgen validate} finds nothing.
 */
@Tag("slow")
class DataAccessTest {

  static final String APP = "payments-etl";
  static final String SECRET = APP + "-object-store";

  @TempDir Path work;

  static Stream<Arguments> repositories() {
    return Stream.of(
        Arguments.of("4.2", List.of("s3a", "gcs")),
        Arguments.of("3.5", List.of("s3a")),
        Arguments.of("4.1", List.of("gcs")),
        Arguments.of("4.0", List.of("s3a")));
  }

  @ParameterizedTest(name = "--spark {0} --object-store {1}")
  @MethodSource("repositories")
  void everyOverlayWithDataAccessOffAndOn(String spark, List<String> stores) throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Path repo = work.resolve(APP);
    new PlanWriter()
        .write(
            Fixtures.plan(
                APP,
                b -> b.spark(spark).objectStores(stores).envs(List.of("dev", "staging", "prod"))),
            repo);
    SparkRelease release = SparkVersions.find(spark);

    // Off, as generated: the image has the connectors, the cluster objects are the base's.
    for (String env : List.of("dev", "staging", "prod")) {
      Rendered off = Render.kustomize(kubectl, repo.resolve("k8s/overlays/" + env));
      assertThat(off.kindsAndNames())
          .noneMatch(k -> k.contains("object-store") || k.contains("gke-metadata-server"));
      assertThat(list(driver(off).get("env")))
          .extracting(e -> e.get("name"))
          .doesNotContain("AWS_ACCESS_KEY_ID");
      off.ofKind("ServiceAccount")
          .forEach(sa -> assertThat(map(sa.get("metadata"))).doesNotContainKey("annotations"));
    }
    assertThat(validate(repo)).as("validate, everything off").isEmpty();

    for (String env : List.of("dev", "staging", "prod")) {
      switchOnDataAccess(repo.resolve("k8s/overlays/" + env), stores.contains("s3a"));
    }
    for (String env : List.of("dev", "staging", "prod")) {
      String where = "--spark " + spark + " " + env + ": ";
      Rendered on = Render.kustomize(kubectl, repo.resolve("k8s/overlays/" + env));
      Checks.allValidAgainstKubernetesSchemas(on);
      Checks.nothingClusterScoped(on);
      // Data access needs no right of the driver's: its Role (shared/) stays as it was.
      Checks.driverRbac(
          Render.kustomize(kubectl, repo.resolve("k8s/overlays/" + env + "/shared")),
          APP + "-driver",
          APP + "-driver");
      assertThat(on.ofKind("Role")).isEmpty();
      Checks.driverJob(on, APP + "-driver");
      Checks.executorTemplate(on);
      Checks.networkPolicies(on, Map.of("app.kubernetes.io/name", APP));
      on.podSpecs()
          .forEach(
              (pod, podSpec) ->
                  assertThat(PodSecurity.violations(podSpec)).as(where + pod).isEmpty());
      Properties settings = on.sparkProperties();

      // Identity: both accounts annotated, neither mounts a token; the executors' pods get none.
      for (String account : List.of(APP + "-driver", APP + "-executor")) {
        Map<String, Object> sa = on.one("ServiceAccount", account);
        assertThat(map(at(sa, "metadata.annotations")))
            .as(where + account)
            .containsEntry(
                "eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/" + APP + "-" + env)
            .containsEntry(
                "iam.gke.io/gcp-service-account", "spark-jobs@my-project.iam.gserviceaccount.com")
            .containsKey("azure.workload.identity/client-id");
        assertThat(sa).as(where + account).containsEntry("automountServiceAccountToken", false);
      }
      assertThat(map(on.executorTemplate().get("spec")))
          .containsEntry("automountServiceAccountToken", false);
      assertThat(settings.getProperty("spark.kubernetes.authenticate.executor.serviceAccountName"))
          .isEqualTo(APP + "-executor");
      // AKS Workload ID's webhook acts on labelled pods: the driver's, and the executors' through
      // Spark.
      assertThat(map(at(on.one("Job", APP + "-driver"), "spec.template.metadata.labels")))
          .containsEntry("azure.workload.identity/use", "true");
      assertThat(
              settings.getProperty("spark.kubernetes.executor.label.azure.workload.identity/use"))
          .isEqualTo("true");

      // Egress: HTTPS outside the cluster for the driver and executors, narrowed by the overlay's
      // patch; the GKE metadata server; the base's own policies unchanged (checked above).
      Map<String, Object> store = on.one("NetworkPolicy", APP + "-object-store");
      assertThat(map(at(store, "spec.podSelector.matchLabels")))
          .isEqualTo(Map.of("app.kubernetes.io/name", APP));
      assertThat(list(at(store, "spec.podSelector.matchExpressions")))
          .containsExactly(
              Map.of(
                  "key", "spark-role", "operator", "In", "values", List.of("driver", "executor")));
      assertThat(Checks.rules(store, "egress")).containsExactly("to ip 10.0.64.0/24 TCP 443");
      assertThat(Checks.rules(on.one("NetworkPolicy", APP + "-gke-metadata-server"), "egress"))
          .containsExactly("to ip 169.254.169.254/32 TCP 80");

      if (stores.contains("s3a")) {
        // The driver reads the keys from the Secret, the executors from the same Secret and keys,
        // as Spark's EnvSecretsFeatureStep reads its settings: ENV=NAME:KEY, split at the colon.
        List<Map<String, Object>> env0 = list(driver(on).get("env"));
        for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
          Map<String, Object> fromSecret =
              env0.stream().filter(e -> variable.equals(e.get("name"))).findFirst().orElseThrow();
          assertThat(map(at(fromSecret, "valueFrom.secretKeyRef")))
              .as(where + variable)
              .isEqualTo(Map.of("name", SECRET, "key", variable));
          String[] ref =
              settings
                  .getProperty("spark.kubernetes.executor.secretKeyRef." + variable)
                  .split(":", -1);
          assertThat(ref).as(where + "executors' " + variable).containsExactly(SECRET, variable);
        }
        assertThat(settings.getProperty("spark.hadoop.fs.s3a.aws.credentials.provider"))
            .isEqualTo(release.hadoop().s3aEnvironmentProvider());
      }
      // No credential value anywhere in what is rendered: the Secret itself is not (the team
      // creates it).
      assertThat(on.ofKind("Secret")).isEmpty();
      for (Map<String, Object> configMap : on.ofKind("ConfigMap")) {
        assertThat(map(configMap.get("data")).values())
            .as(where + name(configMap))
            .allSatisfy(
                v ->
                    assertThat((String) v)
                        .doesNotContainPattern(
                            "(?m)^\\s*(spark\\.hadoop\\.fs\\.s3a\\.(access|secret)\\.key|spark\\.(executorEnv|kubernetes\\.driverEnv)\\.AWS_"
                                + "|AWS_SECRET_ACCESS_KEY\\s*=|[^#]*private\\.key)"));
      }
    }
    assertThat(validate(repo)).as("validate, everything on").isEmpty();
  }

  /**
   * With schedule and its transformer on, as the overlay's comments say, the CronJob's pods get
   * what the data-access components put in the Job: the keys from the Secret and AKS Workload ID's
   * label.
   */
  @Test
  void theScheduledFormKeepsTheDriversCredentials() throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Path repo = work.resolve(APP);
    new PlanWriter().write(Fixtures.plan(APP, b -> b.objectStores(List.of("s3a"))), repo);
    Path overlay = repo.resolve("k8s/overlays/prod");
    switchOnDataAccess(overlay, true);
    OverlaysTest.uncomment(
        overlay.resolve("kustomization.yaml"),
        "  # - ../../base/components/schedule",
        "# transformers:",
        "#   - ../../base/components/schedule/job-to-cronjob");

    Rendered rendered = Render.kustomize(kubectl, overlay);
    assertThat(rendered.ofKind("Job")).isEmpty();
    Map<String, Object> cronJob = rendered.one("CronJob", APP + "-driver");
    Map<String, Object> container =
        list(at(cronJob, "spec.jobTemplate.spec.template.spec.containers")).get(0);
    assertThat(list(container.get("env")))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("name", "AWS_SECRET_ACCESS_KEY")
                    .satisfies(
                        x -> assertThat(at(x, "valueFrom.secretKeyRef.name")).isEqualTo(SECRET)));
    assertThat(map(at(cronJob, "spec.jobTemplate.spec.template.metadata.labels")))
        .containsEntry("azure.workload.identity/use", "true");
    assertThat(validate(repo)).isEmpty();
  }

  /**
   * What the overlay's spark.properties says per Spark line: the S3A providers of the line's AWS
   * SDK.
   */
  @Test
  void theS3aProvidersAreThoseOfTheLinesAwsSdk() throws Exception {
    for (SparkRelease release : SparkVersions.RELEASES) {
      Path repo = work.resolve("s3a-" + release.line());
      new PlanWriter()
          .write(
              Fixtures.plan(APP, b -> b.spark(release.line()).objectStores(List.of("s3a"))), repo);
      String properties = Files.readString(repo.resolve("k8s/overlays/prod/spark.properties"));
      String sdk =
          release.hadoop().awsSdk() == 1
              ? "com.amazonaws.auth."
              : "software.amazon.awssdk.auth.credentials.";
      assertThat(properties)
          .as(release.line())
          .contains("# spark.hadoop.fs.s3a.aws.credentials.provider=" + sdk + "WebIdentityToken")
          .contains(
              "# spark.hadoop.fs.s3a.aws.credentials.provider="
                  + sdk
                  + "EnvironmentVariableCredentialsProvider");
    }
  }

  static Map<String, Object> driver(Rendered rendered) {
    return list(at(rendered.one("Job", APP + "-driver"), "spec.template.spec.containers")).get(0);
  }

  static List<Finding> validate(Path repo) {
    Report report =
        new Validator(Kustomize.kubectlOnPath()).validate(JobRepository.open(repo), List.of());
    return report.findings();
  }

  /**
   * Uncomments the overlay's data-access entries: its components, the `patches:` block with its
   * data-access entries (the block of other entries stays commented, so a patch header is added),
   * and in spark.properties the Secret's lines for s3a.
   */
  static void switchOnDataAccess(Path overlay, boolean s3a) throws IOException {
    Path kustomization = overlay.resolve("kustomization.yaml");
    OverlaysTest.uncomment(
        kustomization,
        "  # - ../../base/components/object-store-egress",
        "  # - ../../base/components/workload-identity-gke",
        "  # - ../../base/components/workload-identity-azure");
    if (s3a) {
      OverlaysTest.uncomment(kustomization, "  # - ../../base/components/object-store-secret");
    } else {
      assertThat(Files.readString(kustomization))
          .as("keys from a Secret are for s3a")
          .doesNotContain("object-store-secret");
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(kustomization));
    int heading =
        lines.indexOf(
            "# 4. Data access, more entries for `patches:` above (k8s/base/README.md, \"Data access\"). The");
    assertThat(heading).as("the data-access patches").isPositive();
    int start = heading;
    while (!lines.get(start).equals("#   - target:")) {
      start++;
    }
    List<String> patches = new ArrayList<>(List.of("patches:"));
    for (int i = start; i < lines.size() && lines.get(i).startsWith("#"); i++) {
      patches.add(lines.get(i).substring(1));
    }
    lines.addAll(patches);
    Files.write(kustomization, lines);
    if (s3a) {
      Path properties = overlay.resolve("spark.properties");
      String text = Files.readString(properties);
      String provider =
          text.lines()
              .filter(
                  l ->
                      l.startsWith("# spark.hadoop.fs.s3a.aws.credentials.provider=")
                          && l.contains("EnvironmentVariable"))
              .findFirst()
              .orElseThrow();
      for (String line :
          List.of(
              provider,
              "# spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID="
                  + SECRET
                  + ":AWS_ACCESS_KEY_ID",
              "# spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY="
                  + SECRET
                  + ":AWS_SECRET_ACCESS_KEY")) {
        assertThat(text.lines()).as(properties + ": " + line).containsOnlyOnce(line);
        text = text.replace(line + "\n", line.substring(2) + "\n");
      }
      Files.writeString(properties, text);
    }
  }
}
