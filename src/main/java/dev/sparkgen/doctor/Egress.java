package dev.sparkgen.doctor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a rendered NetworkPolicy's egress rules allow, as far as the API server is concerned. */
final class Egress {

  /** The API server's ports in the base's NetworkPolicy driver-api-server. */
  static final Set<Integer> API_SERVER_PORTS = Set.of(443, 6443);

  private Egress() {}

  /** An egress rule open to 443 or 6443 (or every port) with no destination, or to a /0 block. */
  static boolean allowsApiPortsAnywhere(KubeObject policy) {
    for (Object item : Yaml.list(Yaml.at(policy.body(), "spec.egress"))) {
      Map<String, Object> rule = Yaml.map(item);
      boolean apiPorts = API_SERVER_PORTS.stream().anyMatch(port -> opens(rule, port));
      List<Object> to = Yaml.list(rule.get("to"));
      boolean anywhere =
          to.isEmpty()
              || to.stream()
                  .map(t -> Yaml.at(t, "ipBlock.cidr"))
                  .anyMatch(c -> c instanceof String cidr && cidr.endsWith("/0"));
      if (apiPorts && anywhere) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the policy applies to the driver: its pod selector is empty or asks for spark-role
   * driver (the base's policies select by that label).
   */
  static boolean selectsDriver(KubeObject policy) {
    Map<String, Object> labels = Yaml.map(Yaml.at(policy.body(), "spec.podSelector.matchLabels"));
    Object expressions = Yaml.at(policy.body(), "spec.podSelector.matchExpressions");
    return (labels.isEmpty() && Yaml.list(expressions).isEmpty())
        || "driver".equals(labels.get("spark-role"));
  }

  /**
   * Whether one of the policy's egress rules lets a pod reach {@code address} on {@code port}: the
   * port among its ports (or no ports given), the address in one of its ipBlocks and not in that
   * block's except (or no destination given).
   */
  static boolean allows(KubeObject policy, String address, int port) {
    for (Object item : Yaml.list(Yaml.at(policy.body(), "spec.egress"))) {
      Map<String, Object> rule = Yaml.map(item);
      if (!opens(rule, port)) {
        continue;
      }
      List<Object> to = Yaml.list(rule.get("to"));
      if (to.isEmpty()) {
        return true;
      }
      for (Object peer : to) {
        Object cidr = Yaml.at(peer, "ipBlock.cidr");
        if (cidr instanceof String block
            && contains(block, address)
            && Yaml.strings(Yaml.at(peer, "ipBlock.except")).stream()
                .noneMatch(except -> contains(except, address))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean opens(Map<String, Object> rule, int port) {
    List<Object> ports = Yaml.list(rule.get("ports"));
    return ports.isEmpty()
        || ports.stream()
            .map(Yaml::map)
            .anyMatch(
                p -> {
                  if (!(p.get("port") instanceof Integer first)) {
                    return p.get("port") == null; // a protocol alone opens every port
                  }
                  int last = p.get("endPort") instanceof Integer end ? end : first;
                  return first <= port && port <= last;
                });
  }

  /** Whether the CIDR block holds the address; false for anything that is not an IP literal. */
  static boolean contains(String cidr, String address) {
    String[] parts = cidr.split("/", 2);
    byte[] network = literal(parts[0]);
    byte[] host = literal(address);
    if (network == null || host == null || network.length != host.length || parts.length != 2) {
      return false;
    }
    int bits;
    try {
      bits = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    for (int i = 0; i < network.length; i++) {
      int mask = bits >= 8 * (i + 1) ? 0xff : bits <= 8 * i ? 0 : (0xff << (8 - bits % 8)) & 0xff;
      if ((network[i] & mask) != (host[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** The address's bytes, without ever asking DNS: only IP literals are parsed. */
  private static byte[] literal(String text) {
    if (!text.matches("[0-9a-fA-F:.]+") || !(text.contains(".") || text.contains(":"))) {
      return null;
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
