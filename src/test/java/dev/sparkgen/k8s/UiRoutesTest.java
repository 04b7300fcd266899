package dev.sparkgen.k8s;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.CachedKustomize;
import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.testing.Fixtures;
import dev.sparkgen.validate.Finding;
import dev.sparkgen.validate.JobRepository;
import dev.sparkgen.validate.Rendered;
import dev.sparkgen.validate.TenantRights;
import dev.sparkgen.validate.Validator;
import dev.sparkgen.write.PlanWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark UI behind the platform's door (issue 28): the demo's staging environment with every
 * commented line of the feature switched on as its comments say (component ui-ingress and patch 5.
 * in the overlay, the spark.ui.* lines of its spark.properties; history-server,
 * history-server-ingress and ui-httproute with their patches in shared/), rendered by the real
 * kubectl. The routes lead to the objects the renderings hold, the path the controller strips is
 * the one Spark prefixes its links with, only the controller's namespace may reach the UI ports,
 * what skaffold deploys stays creatable with {@code edit}, and the HTTPRoute is reported as what
 * neither built-in role may create. The rendered routes and policies are compared with
 * src/test/golden/ui/ ({@code -Dgolden.update=true} rewrites them). {@link UiBehindProxyIT} follows
 * the UI's links through these routes.
 */
class UiRoutesTest {

  static final String APP = "spark-pi-demo";
  static final String ENV = "staging";
  static final String PATH = "/" + APP + "-" + ENV + "/" + APP;
  static final String HISTORY_PATH = PATH + "-history";
  static final Path GOLDEN = Path.of("src/test/golden/ui");

  @TempDir Path work;

  /** The rendered overlay and shared/ of the demo's staging environment, everything switched on. */
  record Routes(Rendered job, Rendered shared, Properties spark) {}

  static Path demoWithUiSwitchedOn(Path work) throws IOException {
    Path repo = work.resolve(APP);
    new PlanWriter().write(Fixtures.demoPlan(), repo);
    Path overlay = repo.resolve("k8s/overlays/" + ENV);
    OverlaysTest.uncomment(
        overlay.resolve("kustomization.yaml"), "  # - ../../base/components/ui-ingress");
    OverlaysTest.uncomment(overlay.resolve("kustomization.yaml"), "# patches:");
    uncommentBlockAfter(overlay.resolve("kustomization.yaml"), "#    alone may reach the UI port.");
    OverlaysTest.uncomment(
        overlay.resolve("spark.properties"),
        "# spark.ui.proxyBase=" + PATH,
        "# spark.ui.proxyRedirectUri=/");
    Path shared = overlay.resolve("shared/kustomization.yaml");
    OverlaysTest.uncomment(
        shared,
        "  # - ../../../base/components/history-server",
        "  # - ../../../base/components/history-server-ingress",
        "  # - ../../../base/components/ui-httproute");
    uncommentBlockAfter(shared, "# Add the entries you need under patches: above.");
    return repo;
  }

  static Routes render(Path repo) throws IOException {
    Path kubectl = ExternalTools.require("kubectl");
    Path overlay = repo.resolve("k8s/overlays/" + ENV);
    Rendered job = Render.kustomize(kubectl, overlay);
    return new Routes(
        job, Render.kustomize(kubectl, overlay.resolve("shared")), job.sparkProperties());
  }

  /** Removes "# " from each line after {@code header} up to the next blank line. */
  static void uncommentBlockAfter(Path file, String header) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    int start = lines.indexOf(header);
    assertThat(start).as(header + " in " + file).isNotNegative();
    int i = start + 1;
    for (; i < lines.size() && !lines.get(i).isEmpty(); i++) {
      assertThat(lines.get(i)).as(file + " line " + (i + 1)).startsWith("# ");
      lines.set(i, lines.get(i).substring(2));
    }
    assertThat(i).as("a block after " + header).isGreaterThan(start + 1);
    Files.write(file, lines);
  }

  /** The prefix an ingress-nginx regular-expression path stands for: the part before "(/|$)". */
  static String prefixOf(String ingressPath) {
    assertThat(ingressPath).endsWith("(/|$)(.*)");
    return ingressPath.substring(0, ingressPath.length() - "(/|$)(.*)".length());
  }

  @Test
  void theRoutesLeadToTheUiUnderThePathSparkPrefixesItsLinksWith() throws Exception {
    Routes r = render(demoWithUiSwitchedOn(work));

    Map<String, Object> ingress = r.job().one("Ingress", APP + "-driver-ui");
    Map<String, Object> rule = list(at(ingress, "spec.rules")).get(0);
    Map<String, Object> path = list(at(rule, "http.paths")).get(0);
    assertThat(rule.get("host")).isEqualTo("spark.example.com");
    assertThat(path).containsEntry("pathType", "ImplementationSpecific");
    assertThat(prefixOf((String) path.get("path"))).isEqualTo(PATH);
    assertThat(map(at(ingress, "metadata.annotations")))
        .containsEntry("nginx.ingress.kubernetes.io/use-regex", "true")
        .containsEntry("nginx.ingress.kubernetes.io/rewrite-target", "/$2")
        .doesNotContainKey("nginx.ingress.kubernetes.io/auth-url");
    assertThat(at(path, "backend.service"))
        .isEqualTo(Map.of("name", APP + "-driver-svc", "port", Map.of("name", "ui")));
    Map<String, Object> service = r.job().one("Service", APP + "-driver-svc");
    assertThat(list(at(service, "spec.ports")).get(0)).containsEntry("name", "ui");
    assertThat(map(at(service, "spec.selector"))).containsEntry("spark-role", "driver");

    assertThat(r.spark())
        .as("Spark's links under the path the controller strips, its redirects too")
        .containsEntry("spark.ui.proxyBase", PATH)
        .containsEntry("spark.ui.proxyRedirectUri", "/");

    Map<String, Object> route = r.shared().one("HTTPRoute", APP + "-driver-ui");
    Map<String, Object> routeRule = list(at(route, "spec.rules")).get(0);
    assertThat(list(routeRule.get("matches")).get(0))
        .isEqualTo(Map.of("path", Map.of("type", "PathPrefix", "value", PATH)));
    assertThat(list(routeRule.get("filters")).get(0))
        .isEqualTo(
            Map.of(
                "type",
                "URLRewrite",
                "urlRewrite",
                Map.of("path", Map.of("type", "ReplacePrefixMatch", "replacePrefixMatch", "/"))));
    assertThat(list(routeRule.get("backendRefs")))
        .as("the overlay's Service, by the name the overlay gives it")
        .containsExactly(Map.of("name", APP + "-driver-svc", "port", 4040));
    assertThat(list(at(route, "spec.parentRefs")))
        .containsExactly(
            Map.of(
                "group", "gateway.networking.k8s.io",
                "kind", "Gateway",
                "name", "platform-gateway",
                "namespace", "gateway-system"));
    assertThat(r.job().find("HTTPRoute", APP + "-driver-ui"))
        .as("no HTTPRoute in what skaffold deploys")
        .isEmpty();

    Map<String, Object> history = r.shared().one("Ingress", APP + "-history-server");
    Map<String, Object> historyPath =
        list(at(list(at(history, "spec.rules")).get(0), "http.paths")).get(0);
    assertThat(prefixOf((String) historyPath.get("path"))).isEqualTo(HISTORY_PATH);
    assertThat(at(historyPath, "backend.service"))
        .isEqualTo(Map.of("name", APP + "-history-server", "port", Map.of("name", "http")));
    r.shared().one("Service", APP + "-history-server");
    Map<String, Object> container =
        list(at(
                r.shared().one("Deployment", APP + "-history-server"),
                "spec.template.spec.containers"))
            .get(0);
    assertThat(list(container.get("env")))
        .contains(
            Map.of(
                "name",
                "SPARK_HISTORY_OPTS",
                "value",
                "-Dspark.ui.proxyBase=" + HISTORY_PATH + " -Dspark.ui.proxyRedirectUri=/"));
  }

  /**
   * Each UI port is opened to one namespace: the ingress controller's for the driver's UI and the
   * History Server, the Gateway's for the driver's UI; the base's default-deny and the monitoring
   * namespace's scrapes stay as they were.
   */
  @Test
  void onlyTheControllersNamespaceReachesTheUiPorts() throws Exception {
    Routes r = render(demoWithUiSwitchedOn(work));
    assertThat(from(r.job(), APP + "-driver-ui-ingress", 4040)).isEqualTo("ingress-nginx");
    assertThat(from(r.shared(), APP + "-driver-ui-gateway", 4040)).isEqualTo("gateway-system");
    assertThat(from(r.shared(), APP + "-history-server-ingress", 18080)).isEqualTo("ingress-nginx");
    for (String name : List.of(APP + "-driver-ui-ingress", APP + "-driver-ui-gateway")) {
      Rendered in = name.endsWith("gateway") ? r.shared() : r.job();
      assertThat(map(at(in.one("NetworkPolicy", name), "spec.podSelector.matchLabels")))
          .as("%s selects this application's drivers only", name)
          .isEqualTo(Map.of("spark-role", "driver", "app.kubernetes.io/name", APP));
    }
    assertThat(
            map(
                at(
                    r.shared().one("NetworkPolicy", APP + "-history-server-ingress"),
                    "spec.podSelector.matchLabels")))
        .isEqualTo(Map.of("spark-role", "history-server", "app.kubernetes.io/name", APP));
  }

  /** The one namespace a policy admits to one port, and nothing else. */
  static String from(Rendered rendered, String policy, int port) {
    Map<String, Object> p = rendered.one("NetworkPolicy", policy);
    assertThat(Rendered.strings(at(p, "spec.policyTypes"))).containsExactly("Ingress");
    List<Map<String, Object>> rules = list(at(p, "spec.ingress"));
    assertThat(rules).hasSize(1);
    assertThat(list(rules.get(0).get("ports")))
        .containsExactly(Map.of("port", port, "protocol", "TCP"));
    List<Map<String, Object>> peers = list(rules.get(0).get("from"));
    assertThat(peers).hasSize(1);
    assertThat(peers.get(0).keySet())
        .as("a namespace, no pod selector")
        .containsExactly("namespaceSelector");
    Map<String, Object> labels = map(at(peers.get(0), "namespaceSelector.matchLabels"));
    assertThat(labels.keySet()).containsExactly("kubernetes.io/metadata.name");
    return (String) labels.get("kubernetes.io/metadata.name");
  }

  /**
   * What skaffold deploys (the Ingress, its NetworkPolicy) is creatable with the built-in edit
   * role; the HTTPRoute in shared/ is what neither built-in role may create, and tenant-rights says
   * so by name, kind and group (the platform team applies it, or names its extended role with
   * --shared-role).
   */
  @Test
  void theIngressIsATenantsAndTheHttpRouteThePlatformTeams() throws Exception {
    Path repo = demoWithUiSwitchedOn(work);
    List<Finding> findings =
        new Validator(CachedKustomize.kubectl())
            .validate(JobRepository.open(repo), List.of(ENV)).findings().stream()
                .filter(f -> f.rule().equals(TenantRights.ID))
                .toList();
    assertThat(findings)
        .extracting(Finding::file, Finding::object)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "k8s/overlays/" + ENV + "/shared/kustomization.yaml",
                "HTTPRoute/" + APP + "-driver-ui"));
    assertThat(findings.get(0).message())
        .contains("the built-in admin ClusterRole", "httproutes.gateway.networking.k8s.io");
  }

  /** The rendered routes and policies, as reviewed, in src/test/golden/ui/. */
  @Test
  void theRenderedRoutesAreTheReviewedOnes() throws Exception {
    Routes r = render(demoWithUiSwitchedOn(work));
    Map<String, String> expected =
        Map.of(
            "overlay.yaml", only(r.job(), List.of("Ingress", "NetworkPolicy"), "-ui"),
            "shared.yaml", only(r.shared(), List.of("Ingress", "HTTPRoute", "NetworkPolicy"), ""));
    for (var e : expected.entrySet()) {
      Path golden = GOLDEN.resolve(e.getKey());
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(GOLDEN);
        Files.writeString(golden, e.getValue());
      }
      assertThat(e.getValue()).as(golden.toString()).isEqualTo(Files.readString(golden));
    }
  }

  /** The documents of these kinds (whose names contain {@code part}), as kubectl printed them. */
  static String only(Rendered rendered, List<String> kinds, String part) {
    return List.of(rendered.text().split("(?m)^---\\n")).stream()
        .filter(
            d ->
                kinds.stream().anyMatch(k -> d.contains("\nkind: " + k + "\n"))
                    && d.lines().anyMatch(l -> l.startsWith("  name: ") && l.contains(part)))
        .collect(Collectors.joining("---\n"));
  }
}
