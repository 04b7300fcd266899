package dev.sparkgen.k8s;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.PodSecurity;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.write.PlanWriter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The History Server on an object store (components event-logs-object-store and
 * history-server-object-store): the overlays of repositories generated with object stores, with the
 * commented entries switched on as their comments say, rendered by a real {@code kubectl
 * kustomize}. No claim anywhere; everything valid and restricted; the driver's spark.eventLog.dir
 * and the directory the History Server's start script hands Spark are the same URI; the History
 * Server has the connector on its class path, the driver's credentials the same way, and egress to
 * the store; {@code sparkgen validate} finds nothing.
 */
@Tag("slow")
class EventLogsObjectStoreTest {

  static final String APP = "payments-etl";

  @TempDir Path work;

  static Stream<Arguments> repositories() {
    return Stream.of(
        Arguments.of("4.2", List.of("s3a", "gcs")),
        Arguments.of("4.1", List.of("gcs")),
        Arguments.of("3.5", List.of("s3a")));
  }

  @ParameterizedTest(name = "--spark {0} --object-store {1}")
  @MethodSource("repositories")
  void theDriverAndTheHistoryServerShareTheObjectStore(String spark, List<String> stores)
      throws Exception {
    Path kubectl = ExternalTools.require("kubectl");
    Path bash = ExternalTools.require("bash");
    Path repo = work.resolve(APP);
    new PlanWriter()
        .write(
            Fixtures.plan(
                APP, b -> b.spark(spark).objectStores(stores).envs(List.of("staging", "prod"))),
            repo);
    boolean s3a = stores.contains("s3a");
    String scheme = s3a ? "s3a" : "gs";

    for (String env : List.of("staging", "prod")) {
      String where = "--spark " + spark + " " + env + ": ";
      Path overlay = repo.resolve("k8s/overlays/" + env);
      DataAccessTest.switchOnDataAccess(overlay, s3a);
      switchOnHistoryServer(overlay, s3a);

      Rendered job = Render.kustomize(kubectl, overlay);
      Rendered shared = Render.kustomize(kubectl, overlay.resolve("shared"));
      for (Rendered rendered : List.of(job, shared)) {
        Checks.allValidAgainstKubernetesSchemas(rendered);
        Checks.nothingClusterScoped(rendered);
        assertThat(rendered.ofKind("PersistentVolumeClaim")).as(where + "no claim").isEmpty();
        rendered
            .podSpecs()
            .forEach(
                (pod, podSpec) -> {
                  assertThat(PodSecurity.violations(podSpec)).as(where + pod).isEmpty();
                  assertThat(list(map(podSpec).get("volumes")))
                      .as(where + pod)
                      .noneMatch(v -> v.containsKey("persistentVolumeClaim"));
                });
      }

      // The driver's event log, as spark-submit reads the concatenated properties.
      Properties settings = job.sparkProperties();
      assertThat(settings.getProperty("spark.eventLog.enabled")).isEqualTo("true");
      String dir = settings.getProperty("spark.eventLog.dir");
      assertThat(dir)
          .as(where + "spark.eventLog.dir")
          .isEqualTo(scheme + "://my-bucket/spark-events/" + env);

      // The History Server's, as its start script writes the file Spark reads: run it, without
      // Spark.
      Map<String, Object> deployment = shared.one("Deployment", APP + "-history-server");
      Map<String, Object> server = list(at(deployment, "spec.template.spec.containers")).get(0);
      Properties history = historyServerProperties(bash, shared, server);
      assertThat(history.getProperty("spark.history.fs.logDirectory"))
          .as(where + "the History Server's log directory")
          .isEqualTo(dir);
      assertThat(history.getProperty("spark.history.fs.cleaner.enabled")).isEqualTo("true");

      // The connector: the application's image, its libraries on the daemon's class path.
      assertThat(server.get("image"))
          .as(where + "the application's image")
          .isEqualTo(image(repo) + ":1.0.0");
      Map<String, Object> serverEnv = env(server);
      assertThat(serverEnv.get("SPARK_DAEMON_CLASSPATH"))
          .isEqualTo(
              Map.of(
                  "name",
                  "SPARK_DAEMON_CLASSPATH",
                  "value",
                  settings.getProperty("spark.driver.extraClassPath")));

      // Credentials, as the driver's: the same Secret keys, the same identity annotation.
      Map<String, Object> driverEnv = env(DataAccessTest.driver(job));
      if (s3a) {
        for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
          assertThat(serverEnv.get(variable))
              .as(where + variable)
              .isNotNull()
              .isEqualTo(driverEnv.get(variable));
        }
        assertThat(history.getProperty("spark.hadoop.fs.s3a.aws.credentials.provider"))
            .isNotBlank();
      }
      Map<String, Object> driverAnnotations =
          map(at(job.one("ServiceAccount", APP + "-driver"), "metadata.annotations"));
      Map<String, Object> serverAnnotations =
          map(at(shared.one("ServiceAccount", APP + "-history-server"), "metadata.annotations"));
      for (String annotation :
          s3a ? List.of("eks.amazonaws.com/role-arn") : List.of("iam.gke.io/gcp-service-account")) {
        assertThat(serverAnnotations.get(annotation))
            .as(where + annotation)
            .isNotNull()
            .isEqualTo(driverAnnotations.get(annotation));
      }

      // Egress: HTTPS to the store, narrowed as the driver's; on GKE the metadata server too.
      List<String> egress =
          Checks.rules(shared.one("NetworkPolicy", APP + "-history-server-object-store"), "egress");
      assertThat(egress).as(where + "egress").contains("to ip 10.0.64.0/24 TCP 443");
      assertThat(egress.contains("to ip 169.254.169.254/32 TCP 80"))
          .as(where + "metadata server")
          .isEqualTo(stores.contains("gcs"));
    }
    assertThat(DataAccessTest.validate(repo)).as("validate, everything on").isEmpty();
  }

  /**
   * Switches the History Server on as the comments say: event-logs-object-store and the event log's
   * URI in the overlay, the three components, the commented patches and the application's image in
   * shared/ (in place of the base image's entry).
   */
  static void switchOnHistoryServer(Path overlay, boolean s3a) throws IOException {
    OverlaysTest.uncomment(
        overlay.resolve("kustomization.yaml"),
        "  # - ../../base/components/event-logs-object-store");
    Path properties = overlay.resolve("spark.properties");
    String dirLine =
        Files.readString(properties)
            .lines()
            .filter(l -> l.startsWith("# spark.eventLog.dir="))
            .findFirst()
            .orElseThrow();
    OverlaysTest.uncomment(properties, dirLine);
    // The driver's log, beside the event logs, as the line's comment says.
    OverlaysTest.uncomment(
        properties,
        Files.readString(properties)
            .lines()
            .filter(l -> l.startsWith("# spark.driver.log.dfsDir="))
            .findFirst()
            .orElseThrow());
    Path kustomization = overlay.resolve("shared/kustomization.yaml");
    OverlaysTest.uncomment(
        kustomization,
        "  # - ../../../base/components/history-server",
        "  # - ../../../base/components/history-server-object-store");
    if (s3a) {
      OverlaysTest.uncomment(
          kustomization, "  # - ../../../base/components/history-server-object-store-secret");
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(kustomization));
    // The commented entries follow the active patches: list (the driver's RoleBinding subject).
    int entries = lines.indexOf("# Add these entries under patches: above.");
    assertThat(entries).as("the commented patches").isPositive();
    for (int i = entries + 1; i < lines.size() && lines.get(i).startsWith("#   "); i++) {
      lines.set(i, lines.get(i).substring(2));
    }
    int base = lines.indexOf("  - name: spark-app");
    assertThat(base).as("the base image's entry").isPositive();
    while (lines.size() > base + 1 && lines.get(base + 1).startsWith("    ")) {
      lines.remove(base + 1);
    }
    lines.remove(base);
    int app = lines.indexOf("#   - name: spark-app");
    assertThat(app).as("the application's image, commented").isPositive();
    for (int i = app; i < lines.size() && lines.get(i).startsWith("#   "); i++) {
      lines.set(i, lines.get(i).substring(2));
    }
    Files.write(kustomization, lines);
  }

  /**
   * Runs the History Server's start script on its ConfigMap's keys, as files, and reads what it
   * hands spark-class.
   */
  private Properties historyServerProperties(Path bash, Rendered shared, Map<String, Object> server)
      throws Exception {
    List<String> args = Rendered.strings(server.get("args"));
    assertThat(args.subList(0, 2)).containsExactly("/bin/bash", "-ec");
    Path conf = Files.createDirectories(work.resolve("history-conf"));
    String configMap =
        (String)
            list(
                    at(
                        shared.one("Deployment", APP + "-history-server"),
                        "spec.template.spec.volumes"))
                .stream()
                .filter(v -> "history-server-conf".equals(v.get("name")))
                .map(v -> at(v, "configMap.name"))
                .findFirst()
                .orElseThrow();
    for (Map.Entry<String, Object> key :
        map(shared.one("ConfigMap", configMap).get("data")).entrySet()) {
      Files.writeString(conf.resolve(key.getKey()), String.valueOf(key.getValue()));
    }
    Path file = work.resolve("history-server.properties");
    String script =
        args.get(2)
            .replace("/opt/spark/history-conf", conf.toString())
            .replace("/tmp/history-server.properties", file.toString())
            .replace("exec /opt/spark/bin/spark-class", "exec true");
    assertThat(script)
        .as("the script starts spark-class")
        .contains("exec true org.apache.spark.deploy.history.HistoryServer");
    ExternalTools.run(work, bash.toString(), "-ec", script)
        .assertSuccess("the History Server's start script");
    Properties properties = new Properties();
    try (StringReader reader = new StringReader(Files.readString(file))) {
      properties.load(reader);
    }
    return properties;
  }

  private static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> byName = new java.util.LinkedHashMap<>();
    list(container.get("env")).forEach(e -> byName.put((String) e.get("name"), e));
    return byName;
  }

  private static String image(Path repo) throws IOException {
    String overlay = Files.readString(repo.resolve("k8s/overlays/prod/kustomization.yaml"));
    return overlay
        .lines()
        .filter(l -> l.startsWith("    newName: "))
        .findFirst()
        .orElseThrow()
        .replaceAll(".*newName: \"?([^\"]*)\"?", "$1");
  }
}
