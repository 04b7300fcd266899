package dev.sparkgen.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.validate.Rendered;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every query of the monitoring component's Grafana dashboard names metrics, and labels, that Spark
 * really exports with the base's settings: a real Spark (its jars from Maven Central) runs in local
 * mode with the metrics settings of {@code kustomize-base/spark.properties}, does some work, and
 * its two Prometheus endpoints (the ones the PodMonitor scrapes) are read. Local mode's one
 * executor, "driver", is reported by the same code as a cluster's executors.
 */
class DashboardMetricsIT {

  static final Path ROOT = Path.of(System.getProperty("sparkgen.root", "."));
  static final Path MONITORING = ROOT.resolve("kustomize-base/components/monitoring");

  /** Labels Prometheus adds to every scraped series: the operator's target labels. */
  static final Set<String> TARGET_LABELS =
      Set.of("namespace", "pod", "container", "endpoint", "instance", "job");

  /** PromQL words that are neither metrics nor labels. */
  static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "and",
          "or",
          "unless");

  @TempDir Path work;

  @ParameterizedTest(name = "Spark {0}")
  @CsvSource({"4.2.0, 4.2.0, 2.13", "3.5.8, 3.5.6, 2.12"})
  void everyDashboardQueryNamesWhatSparkExports(String spark, String sparkKubernetes, String scala)
      throws Exception {
    Map<String, Set<String>> exported = exported(spark, sparkKubernetes, scala);
    assertThat(exported.keySet())
        .as("Spark %s exports driver and executor metrics", spark)
        .anyMatch(n -> n.startsWith("metrics_spark_driver_"))
        .anyMatch(n -> n.startsWith("metrics_executor_"));

    Set<String> podTargetLabels = new HashSet<>(TARGET_LABELS);
    for (Object label : (List<?>) Rendered.at(podMonitor(), "spec.podTargetLabels")) {
      podTargetLabels.add(((String) label).replaceAll("[^a-zA-Z0-9_]", "_"));
    }

    List<String> queries = queries();
    assertThat(queries).as("the dashboard's queries").hasSizeGreaterThan(5);
    for (String query : queries) {
      Query parsed = Query.parse(query);
      assertThat(parsed.metrics()).as("metrics in %s", query).isNotEmpty();
      for (String metric : parsed.metrics()) {
        assertThat(exported)
            .as("Spark %s exports %s (%s)", spark, metric, query)
            .containsKey(metric);
        Set<String> labels = new TreeSet<>(exported.get(metric));
        labels.addAll(podTargetLabels);
        assertThat(labels).as("labels of %s in %s", metric, query).containsAll(parsed.labels());
      }
    }
  }

  /** Metric name → its label names, from both endpoints the PodMonitor scrapes. */
  Map<String, Set<String>> exported(String spark, String sparkKubernetes, String scala)
      throws Exception {
    Path distribution = Files.createDirectories(work.resolve("spark-distribution"));
    try (var pom =
        DashboardMetricsIT.class.getResourceAsStream("/cluster/spark-distribution.xml")) {
      Files.copy(pom, distribution.resolve("pom.xml"));
    }
    Path jars = work.resolve("jars");
    ExternalTools.run(
            distribution,
            ROOT.resolve("mvnw").toString(),
            "-B",
            "-ntp",
            "-q",
            "dependency:copy-dependencies",
            "-DoutputDirectory=" + jars,
            "-Dspark.version=" + spark,
            "-Dspark.kubernetes.version=" + sparkKubernetes,
            "-Dscala.binary.version=" + scala)
        .assertSuccess("Spark " + spark + "'s jars");

    Properties base = new Properties();
    try (Reader in = Files.newBufferedReader(ROOT.resolve("kustomize-base/spark.properties"))) {
      base.load(in);
    }
    Properties metrics = new Properties();
    base.stringPropertyNames().stream()
        .filter(k -> k.startsWith("spark.metrics.") || k.startsWith("spark.ui.prometheus."))
        .forEach(k -> metrics.setProperty(k, base.getProperty(k)));
    assertThat(metrics)
        .as("the base's metrics settings")
        .containsKeys("spark.metrics.namespace", "spark.ui.prometheus.enabled");
    Path settings = work.resolve("metrics.properties");
    try (var out = Files.newBufferedWriter(settings)) {
      metrics.store(out, null);
    }

    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String open :
        List.of(
            "java.lang",
            "java.lang.invoke",
            "java.lang.reflect",
            "java.io",
            "java.net",
            "java.nio",
            "java.util",
            "java.util.concurrent",
            "java.util.concurrent.atomic",
            "jdk.internal.ref",
            "sun.nio.ch",
            "sun.nio.cs",
            "sun.security.action",
            "sun.util.calendar")) {
      command.add(
          "--add-opens=java.base/" + open + "=ALL-UNNAMED"); // as Spark's launcher adds them
    }
    command.addAll(
        List.of(
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-cp",
            jars + "/*",
            Path.of(DashboardMetricsIT.class.getResource("/metrics/PrometheusScrape.java").toURI())
                .toString(),
            settings.toString(),
            "/metrics/prometheus/",
            "/metrics/executors/prometheus"));
    String out =
        ExternalTools.run(work, command.toArray(String[]::new))
            .assertSuccess("Spark in local mode")
            .stdout();
    assertThat(out)
        .contains(
            "=== /metrics/prometheus/ 200", "=== /metrics/executors/prometheus 200", "=== END");

    Map<String, Set<String>> exported = new HashMap<>();
    Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s");
    Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    for (String line : out.lines().toList()) {
      Matcher m = sample.matcher(line);
      if (m.find()) {
        Set<String> labels = exported.computeIfAbsent(m.group(1), k -> new HashSet<>());
        if (m.group(3) != null) {
          Matcher l = label.matcher(m.group(3));
          while (l.find()) {
            labels.add(l.group(1));
          }
        }
      }
    }
    return exported;
  }

  static Object podMonitor() throws IOException {
    return new Load(LoadSettings.builder().build())
        .loadFromString(Files.readString(MONITORING.resolve("podmonitor.yaml")));
  }

  /** Every PromQL expression of the dashboard: panel targets and query variables. */
  static List<String> queries() throws IOException {
    JsonNode dashboard =
        JsonMapper.builder()
            .build()
            .readTree(Files.readString(MONITORING.resolve("dashboard.json")));
    List<String> queries = new ArrayList<>();
    dashboard
        .get("panels")
        .forEach(panel -> panel.get("targets").forEach(t -> queries.add(t.get("expr").asString())));
    dashboard
        .get("templating")
        .get("list")
        .forEach(
            variable -> {
              String query = variable.get("query").asString();
              Matcher m =
                  Pattern.compile("^label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)$")
                      .matcher(query);
              assertThat(m.matches()).as("variable query %s", query).isTrue();
              queries.add("count by (" + m.group(2) + ") (" + m.group(1) + ")");
            });
    return queries;
  }

  /**
   * The metric names and the label names a PromQL expression uses (enough PromQL for a dashboard).
   */
  record Query(Set<String> metrics, Set<String> labels) {
    static Query parse(String expr) {
      Set<String> metrics = new TreeSet<>();
      Set<String> labels = new TreeSet<>();
      String rest = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("\\[[^]]*]", "");
      Matcher matchers = Pattern.compile("\\{([^}]*)}").matcher(rest);
      while (matchers.find()) {
        Matcher l =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)").matcher(matchers.group(1));
        while (l.find()) {
          labels.add(l.group(1));
        }
      }
      rest = rest.replaceAll("\\{[^}]*}", " ");
      Matcher grouping =
          Pattern.compile("\\b(by|without|on|ignoring)\\s*\\(([^)]*)\\)").matcher(rest);
      while (grouping.find()) {
        for (String l : grouping.group(2).split(",")) {
          if (!l.isBlank()) {
            labels.add(l.trim());
          }
        }
      }
      rest = rest.replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
      Matcher word = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\()?").matcher(rest);
      while (word.find()) {
        if (word.group(2) == null && !KEYWORDS.contains(word.group(1))) {
          metrics.add(word.group(1));
        }
      }
      return new Query(metrics, labels);
    }
  }
}
