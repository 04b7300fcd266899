package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Each check of "restricted" and of our defaults, alone: a compliant pod with one thing broken. */
class PodSecurityTest {

  /** The driver pod of the demo in essence: restricted, uid 185, read-only, sized emptyDir. */
  private static final String COMPLIANT =
      """
      securityContext:
        runAsNonRoot: true
        runAsUser: 185
        runAsGroup: 185
        fsGroup: 185
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: driver
          ports: [{containerPort: 4040}]
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
      initContainers:
        - name: wait
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
      volumes:
        - name: spark-local
          emptyDir: {sizeLimit: 1Gi}
        - name: conf
          configMap: {name: spark-conf}
      """;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> pod() {
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(COMPLIANT);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> at(Map<String, Object> map, String... path) {
    Map<String, Object> current = map;
    for (String key : path) {
      Object next = current.get(key);
      current =
          next instanceof List<?> list
              ? (Map<String, Object>) list.get(0)
              : (Map<String, Object>) next;
    }
    return current;
  }

  @Test
  void aCompliantPodHasNoViolation() {
    assertThat(PodSecurity.violations(pod())).isEmpty();
  }

  private static Arguments breaking(
      String what, Consumer<Map<String, Object>> breakIt, String violation) {
    return Arguments.of(what, breakIt, violation);
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        breaking("host network", p -> p.put("hostNetwork", true), "hostNetwork"),
        breaking("host PID", p -> p.put("hostPID", true), "hostPID"),
        breaking("host IPC", p -> p.put("hostIPC", true), "hostIPC"),
        breaking(
            "runAsNonRoot unset",
            p -> at(p, "securityContext").remove("runAsNonRoot"),
            "pod runAsNonRoot"),
        breaking(
            "another uid",
            p -> at(p, "securityContext").put("runAsUser", 1000),
            "pod runAsUser 185"),
        breaking(
            "another gid",
            p -> at(p, "securityContext").put("runAsGroup", 1000),
            "pod runAsGroup 185"),
        breaking(
            "another fsGroup", p -> at(p, "securityContext").put("fsGroup", 0), "pod fsGroup 185"),
        breaking(
            "seccomp Unconfined",
            p -> at(p, "securityContext", "seccompProfile").put("type", "Unconfined"),
            "pod seccompProfile RuntimeDefault"),
        breaking(
            "no containers at all",
            p -> {
              p.remove("containers");
              p.remove("initContainers");
            },
            "containers"),
        breaking(
            "privilege escalation allowed",
            p -> at(p, "containers", "securityContext").put("allowPrivilegeEscalation", true),
            "container driver: allowPrivilegeEscalation false"),
        breaking(
            "privileged init container",
            p -> at(p, "initContainers", "securityContext").put("privileged", true),
            "container wait: not privileged"),
        breaking(
            "writable root file system",
            p -> at(p, "containers", "securityContext").remove("readOnlyRootFilesystem"),
            "container driver: readOnlyRootFilesystem"),
        breaking(
            "capabilities kept",
            p ->
                at(p, "containers", "securityContext", "capabilities")
                    .put("drop", List.of("NET_RAW")),
            "container driver: drop ALL capabilities"),
        breaking(
            "a capability added",
            p ->
                at(p, "containers", "securityContext", "capabilities")
                    .put("add", List.of("NET_BIND_SERVICE")),
            "container driver: adds no capability"),
        breaking(
            "a container as root",
            p -> at(p, "containers", "securityContext").put("runAsUser", 0),
            "container driver: not root"),
        breaking(
            "a host port",
            p -> at(p, "containers", "ports").put("hostPort", 4040),
            "container driver: no hostPort"),
        breaking(
            "a hostPath volume",
            p ->
                ((List<Object>) p.get("volumes"))
                    .add(
                        new java.util.LinkedHashMap<>(
                            Map.of("name", "docker", "hostPath", Map.of("path", "/var/run")))),
            "volume docker of type hostPath"),
        breaking(
            "an emptyDir without sizeLimit",
            p -> at(p, "volumes", "emptyDir").remove("sizeLimit"),
            "emptyDir spark-local has a sizeLimit"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void eachBrokenCheckIsReportedAlone(
      String what, Consumer<Map<String, Object>> breakIt, String violation) {
    Map<String, Object> pod = pod();
    breakIt.accept(pod);
    assertThat(PodSecurity.violations(pod)).as(what).containsExactly(violation);
  }
}
