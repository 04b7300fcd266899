package dev.sparkgen.doctor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the API server really is: the endpoints of Service kubernetes in namespace default, the
 * addresses and ports a pod's connection to kubernetes.default reaches after the Service's address
 * translation, which is what a NetworkPolicy sees. EndpointSlices first, the older Endpoints object
 * when those cannot be read.
 *
 * @param addresses the IP addresses, empty when unknown
 * @param ports "PROTOCOL PORT" of each port
 * @param error why they are unknown
 * @param timedOut set when the API server did not answer
 */
record Endpoints(List<String> addresses, List<String> ports, String error, String timedOut) {

  static Endpoints read(Cluster cluster) {
    Tools.Result slices =
        cluster.read(
            "get",
            "endpointslices",
            "--namespace",
            "default",
            "-l",
            "kubernetes.io/service-name=kubernetes",
            "-o",
            "json");
    if (slices.timedOut()) {
      return new Endpoints(List.of(), List.of(), null, slices.stderr());
    }
    Set<String> addresses = new LinkedHashSet<>();
    Set<String> ports = new LinkedHashSet<>();
    if (slices.ok()) {
      for (Object item : Yaml.list(Yaml.at(Yaml.parse(slices.stdout()), "items"))) {
        for (Object endpoint : Yaml.list(Yaml.at(item, "endpoints"))) {
          addresses.addAll(Yaml.strings(Yaml.at(endpoint, "addresses")));
        }
        Yaml.list(Yaml.at(item, "ports")).forEach(p -> port(p, ports));
      }
    }
    if (!addresses.isEmpty() && !ports.isEmpty()) {
      return new Endpoints(List.copyOf(addresses), List.copyOf(ports), null, null);
    }
    Tools.Result legacy =
        cluster.read("get", "endpoints", "kubernetes", "--namespace", "default", "-o", "json");
    if (legacy.timedOut()) {
      return new Endpoints(List.of(), List.of(), null, legacy.stderr());
    }
    if (!legacy.ok()) {
      return new Endpoints(
          List.of(), List.of(), slices.ok() ? legacy.firstLine() : slices.firstLine(), null);
    }
    for (Object subset : Yaml.list(Yaml.at(Yaml.parse(legacy.stdout()), "subsets"))) {
      for (Object address : Yaml.list(Yaml.at(subset, "addresses"))) {
        if (Yaml.at(address, "ip") instanceof String ip) {
          addresses.add(ip);
        }
      }
      Yaml.list(Yaml.at(subset, "ports")).forEach(p -> port(p, ports));
    }
    return addresses.isEmpty() || ports.isEmpty()
        ? new Endpoints(List.of(), List.of(), "Service kubernetes has no endpoints", null)
        : new Endpoints(List.copyOf(addresses), List.copyOf(ports), null, null);
  }

  private static void port(Object port, Set<String> ports) {
    Map<String, Object> p = Yaml.map(port);
    if (p.get("port") instanceof Integer number) {
      ports.add((p.get("protocol") instanceof String protocol ? protocol : "TCP") + " " + number);
    }
  }

  /** The port numbers, for matching them against policies. */
  List<Integer> portNumbers() {
    return ports.stream().map(p -> Integer.parseInt(p.substring(p.indexOf(' ') + 1))).toList();
  }

  boolean known() {
    return !addresses.isEmpty();
  }

  /** "10.0.0.1, 10.0.0.2 on TCP 6443". */
  String describe() {
    return String.join(", ", addresses) + " on " + String.join(", ", ports);
  }

  /**
   * The entry of an overlay's {@code patches:} replacing the policy's egress with one rule: these
   * addresses (/32, or /128 for IPv6) on these ports.
   */
  String patch(String policy) {
    List<String> lines = new ArrayList<>();
    lines.add("patches:");
    lines.add("  - target:");
    lines.add("      kind: NetworkPolicy");
    lines.add("      name: " + policy);
    lines.add("    patch: |-");
    lines.add("      - op: replace");
    lines.add("        path: /spec/egress");
    lines.add("        value:");
    lines.add("          - to:");
    for (String address : addresses) {
      lines.add("              - ipBlock:");
      lines.add("                  cidr: " + address + (address.contains(":") ? "/128" : "/32"));
    }
    lines.add("            ports:");
    for (String port : ports) {
      String[] protocolAndNumber = port.split(" ");
      lines.add("              - protocol: " + protocolAndNumber[0]);
      lines.add("                port: " + protocolAndNumber[1]);
    }
    return lines.stream().collect(Collectors.joining("\n", "", "\n"));
  }
}
