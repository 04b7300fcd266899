package dev.sparkgen.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading a NetworkPolicy's egress as the API server egress check does. */
class EgressTest {

  @ParameterizedTest(name = "{0} holds {1}: {2}")
  @CsvSource({
    "172.18.0.2/32, 172.18.0.2, true",
    "172.18.0.2/32, 172.18.0.3, false",
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/9, 10.128.0.1, false",
    "10.0.0.0/9, 10.127.255.255, true",
    "192.168.4.0/22, 192.168.7.9, true",
    "192.168.4.0/22, 192.168.8.1, false",
    "0.0.0.0/0, 203.0.113.7, true",
    "fd00::/8, fd12::1, true",
    "fd00::1/128, fd00::2, false",
    "fd00::/8, 10.0.0.1, false",
    // never a DNS lookup: a name is not an address
    "localhost/32, 127.0.0.1, false",
    "127.0.0.1/32, localhost, false",
    "10.0.0.0, 10.0.0.0, false",
  })
  void aBlockHoldsAnAddress(String cidr, String address, boolean held) {
    assertThat(Egress.contains(cidr, address)).isEqualTo(held);
  }

  static KubeObject policy(Map<String, Object> spec) {
    return new KubeObject(
        "networking.k8s.io/v1",
        "NetworkPolicy",
        "p",
        "ns",
        Map.of("kind", "NetworkPolicy", "spec", spec));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "443 and 6443, no destination | true",
        "every port, no destination | true",
        "443 to 0.0.0.0/0 | true",
        "443 to a /32 | false",
        "53 only, no destination | false",
      })
  void apiPortsAnywhere(String rule, boolean anywhere) {
    Map<String, Object> egress =
        switch (rule) {
          case "443 and 6443, no destination" ->
              Map.of("ports", List.of(Map.of("port", 443), Map.of("port", 6443)));
          case "every port, no destination" -> Map.of();
          case "443 to 0.0.0.0/0" ->
              Map.of(
                  "ports", List.of(Map.of("port", 443)),
                  "to", List.of(Map.of("ipBlock", Map.of("cidr", "0.0.0.0/0"))));
          case "443 to a /32" ->
              Map.of(
                  "ports", List.of(Map.of("port", 443)),
                  "to", List.of(Map.of("ipBlock", Map.of("cidr", "10.0.0.1/32"))));
          default -> Map.of("ports", List.of(Map.of("port", 53)));
        };

    assertThat(Egress.allowsApiPortsAnywhere(policy(Map.of("egress", List.of(egress)))))
        .isEqualTo(anywhere);
  }

  /** The port must be among the rule's (an endPort range counts), the address outside except. */
  @ParameterizedTest(name = "{0}:{1} allowed: {2}")
  @CsvSource({
    "10.0.0.5, 6443, true",
    "10.0.0.5, 443, false",
    "10.0.0.9, 6443, false",
    "10.0.0.5, 6450, true",
    "10.0.0.5, 6451, false",
  })
  void aRuleAllowsAnAddressOnAPort(String address, int port, boolean allowed) {
    KubeObject policy =
        policy(
            Map.of(
                "egress",
                List.of(
                    Map.of(
                        "ports",
                        List.of(Map.of("protocol", "TCP", "port", 6443, "endPort", 6450)),
                        "to",
                        List.of(
                            Map.of(
                                "ipBlock",
                                Map.of(
                                    "cidr", "10.0.0.0/28", "except", List.of("10.0.0.8/29"))))))));

    assertThat(Egress.allows(policy, address, port)).isEqualTo(allowed);
  }
}
