package dev.sparkgen.validate;

import static dev.sparkgen.validate.Rendered.list;
import static dev.sparkgen.validate.Rendered.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of Pod Security Standards "restricted" (kubernetes.io/docs/concepts/security/
 * pod-security-standards, as admission enforces them) plus this project's own defaults: uid/gid 185
 * (apache/spark's user, so volumes are writable), read-only root file system, size-limited
 * emptyDirs.
 */
public final class PodSecurity {

  /** Volume types the restricted profile allows. */
  static final Set<String> ALLOWED_VOLUMES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  /** apache/spark's {@code spark} user and group. */
  static final int SPARK_UID = 185;

  private PodSecurity() {}

  /** What in {@code podSpec} breaks "restricted" or our defaults; empty when nothing does. */
  public static List<String> violations(Map<String, Object> podSpec) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> pod = map(podSpec.get("securityContext"));
    for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
      if (Boolean.TRUE.equals(podSpec.get(host))) {
        problems.add(host);
      }
    }
    check(problems, Boolean.TRUE.equals(pod.get("runAsNonRoot")), "pod runAsNonRoot");
    check(
        problems,
        Integer.valueOf(SPARK_UID).equals(pod.get("runAsUser")),
        "pod runAsUser " + SPARK_UID);
    check(
        problems,
        Integer.valueOf(SPARK_UID).equals(pod.get("runAsGroup")),
        "pod runAsGroup " + SPARK_UID);
    check(
        problems,
        Integer.valueOf(SPARK_UID).equals(pod.get("fsGroup")),
        "pod fsGroup " + SPARK_UID);
    check(
        problems,
        "RuntimeDefault".equals(map(pod.get("seccompProfile")).get("type")),
        "pod seccompProfile RuntimeDefault");

    List<Map<String, Object>> containers = new ArrayList<>(list(podSpec.get("containers")));
    containers.addAll(list(podSpec.get("initContainers")));
    check(problems, !containers.isEmpty(), "containers");
    for (Map<String, Object> container : containers) {
      String name = "container " + container.get("name") + ": ";
      Map<String, Object> security = map(container.get("securityContext"));
      check(
          problems,
          Boolean.FALSE.equals(security.get("allowPrivilegeEscalation")),
          name + "allowPrivilegeEscalation false");
      check(problems, !Boolean.TRUE.equals(security.get("privileged")), name + "not privileged");
      check(
          problems,
          Boolean.TRUE.equals(security.get("readOnlyRootFilesystem")),
          name + "readOnlyRootFilesystem");
      Map<String, Object> capabilities = map(security.get("capabilities"));
      check(
          problems,
          List.of("ALL").equals(capabilities.get("drop")),
          name + "drop ALL capabilities");
      check(problems, capabilities.get("add") == null, name + "adds no capability");
      check(problems, !Integer.valueOf(0).equals(security.get("runAsUser")), name + "not root");
      for (Map<String, Object> port : list(container.get("ports"))) {
        check(problems, port.get("hostPort") == null, name + "no hostPort");
      }
    }
    for (Map<String, Object> volume : list(podSpec.get("volumes"))) {
      String type = volume.keySet().stream().filter(k -> !k.equals("name")).findFirst().orElse("?");
      check(
          problems,
          ALLOWED_VOLUMES.contains(type),
          "volume " + volume.get("name") + " of type " + type);
      if (type.equals("emptyDir")) {
        check(
            problems,
            map(volume.get("emptyDir")).get("sizeLimit") != null,
            "emptyDir " + volume.get("name") + " has a sizeLimit");
      }
    }
    return problems;
  }

  private static void check(List<String> problems, boolean ok, String what) {
    if (!ok) {
      problems.add(what);
    }
  }
}
