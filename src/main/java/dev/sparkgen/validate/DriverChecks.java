package dev.sparkgen.validate;

import static dev.sparkgen.validate.Rendered.at;
import static dev.sparkgen.validate.Rendered.id;
import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;
import static dev.sparkgen.validate.Rendered.strings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Rules about the driver workload itself: that there is one, and where it may connect. */
final class DriverChecks {

  /** The API server's ports: kubernetes.default (443) and a control plane's own (6443). */
  static final List<Integer> API_SERVER_PORTS = List.of(443, 6443);

  private DriverChecks() {}

  static void driverWorkload(JobRepository repo, Environment env, Rule.Sink out) {
    if (env.driverWorkload().isEmpty()) {
      out.add(
          env.name(),
          env.kustomization(),
          null,
          "renders no Job and no CronJob: nothing runs spark-submit, so a deploy of "
              + env.name()
              + " starts no driver.",
          "keep the base's driver Job (../../base in resources), or switch on the schedule component for a CronJob.");
    }
  }

  /**
   * On a shared cluster, a warning for each NetworkPolicy rule letting the driver reach the API
   * server's ports at any address: it needs only this cluster's API server, which `sparkgen doctor`
   * finds.
   */
  static void driverEgress(JobRepository repo, Environment env, Rule.Sink out) {
    if (!repo.onSharedCluster(env.name()) || env.driverWorkload().isEmpty()) {
      return;
    }
    Map<String, Object> workload = env.driverWorkload().orElseThrow();
    Object template =
        "CronJob".equals(workload.get("kind"))
            ? at(workload, "spec.jobTemplate.spec.template")
            : at(workload, "spec.template");
    Map<String, Object> labels = map(at(template, "metadata.labels"));
    List<Rendered> renders =
        env.shared() == null ? List.of(env.job()) : List.of(env.job(), env.shared());
    for (Rendered rendered : renders) {
      for (Map<String, Object> policy : rendered.ofKind("NetworkPolicy")) {
        if (!selects(map(at(policy, "spec.podSelector")), labels)) {
          continue;
        }
        Set<Integer> open = new TreeSet<>();
        for (Map<String, Object> rule : list(at(policy, "spec.egress"))) {
          if (toAnywhere(rule)) {
            open.addAll(apiServerPorts(rule));
          }
        }
        if (!open.isEmpty()) {
          out.add(
              env.name(),
              // Where the commented patch is: the overlay, even for a policy of shared/.
              env.kustomization(),
              id(policy),
              "lets the driver connect to port"
                  + (open.size() == 1 ? " " : "s ")
                  + String.join(" and ", open.stream().map(String::valueOf).toList())
                  + " at any address, where it needs only this cluster's API server.",
              "run `sparkgen doctor --env "
                  + env.name()
                  + "` against the cluster: it prints the exact patch narrowing this rule's `to` to the API server's addresses; put it in patches: of "
                  + env.kustomization()
                  + ", where the commented patch of the driver-api-server policy shows it.");
        }
      }
    }
  }

  /** No `to` (or an empty one), or an ipBlock of the whole address space. */
  private static boolean toAnywhere(Map<String, Object> rule) {
    List<Map<String, Object>> to = list(rule.get("to"));
    if (to.isEmpty()) {
      return true;
    }
    return to.stream()
        .map(peer -> String.valueOf(at(peer, "ipBlock.cidr")))
        .anyMatch(cidr -> cidr.equals("0.0.0.0/0") || cidr.equals("::/0"));
  }

  /** The API server ports a rule opens over TCP: all of them when it names no port. */
  private static List<Integer> apiServerPorts(Map<String, Object> rule) {
    List<Map<String, Object>> ports = list(rule.get("ports"));
    if (ports.isEmpty()) {
      return API_SERVER_PORTS;
    }
    List<Integer> open = new ArrayList<>();
    for (Map<String, Object> port : ports) {
      Object protocol = port.get("protocol");
      if (protocol != null && !"TCP".equals(protocol)) {
        continue;
      }
      Object from = port.get("port");
      Object to = port.get("endPort");
      for (int apiPort : API_SERVER_PORTS) {
        boolean matches =
            from == null
                || (from instanceof Integer p
                    && (p == apiPort
                        || (to instanceof Integer end && p <= apiPort && apiPort <= end)));
        if (matches) {
          open.add(apiPort);
        }
      }
    }
    return open;
  }

  /** A label selector against a pod's labels: matchLabels and the four operators. */
  static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
    for (Map.Entry<String, Object> e : map(selector.get("matchLabels")).entrySet()) {
      if (!String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey())))) {
        return false;
      }
    }
    for (Map<String, Object> expression : list(selector.get("matchExpressions"))) {
      String key = String.valueOf(expression.get("key"));
      List<String> values = strings(expression.get("values"));
      boolean has = labels.containsKey(key);
      String value = String.valueOf(labels.get(key));
      boolean ok =
          switch (String.valueOf(expression.get("operator"))) {
            case "In" -> has && values.contains(value);
            case "NotIn" -> !has || !values.contains(value);
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
