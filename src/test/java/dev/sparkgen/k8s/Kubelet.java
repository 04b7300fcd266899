package dev.sparkgen.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs pods of one namespace of a Kubernetes API server (the fabric8 mock) as local processes, the
 * way a kubelet runs containers, as far as a Spark job needs it:
 *
 * <ul>
 *   <li>each pod's container runs in its own mount namespace ({@code unshare -m}) over the image's
 *       file system: {@code /opt/spark} and {@code /opt/entrypoint.sh} from the image, read-only
 *       (the pods ask for {@code readOnlyRootFilesystem}), the image's {@code /etc/passwd}, the
 *       host's JDK where the image keeps its own ({@code /opt/java/openjdk}); every volume the pod
 *       mounts (emptyDir, ConfigMap, the service-account token when the pod automounts it) at its
 *       mount path; as the pod's {@code runAsUser}/{@code runAsGroup}, with {@code fsGroup} owning
 *       its volumes;
 *   <li>the command is the container's, else the image's entrypoint with the container's args; the
 *       environment is the image's, then the container's, with the downward API resolved (the pod
 *       IP is loopback, the network being the host's) and {@code configMapKeyRef} and {@code
 *       secretKeyRef} read from the API server: a missing object or key fails the start, as a
 *       kubelet's CreateContainerConfigError does (for an executor, tried again next round);
 *   <li>the pod's status follows the process: Running when it starts, Succeeded or Failed with the
 *       exit code when it ends; a pod deleted from the API has its process stopped.
 * </ul>
 */
final class Kubelet implements AutoCloseable {

  /** What the node reports as the pod's IP: every pod shares the host's loopback here. */
  static final String POD_IP = "127.0.0.1";

  private static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  private final KubernetesClient client;
  private final String namespace;
  private final Image image;
  private final Path state;
  private final Map<String, Started> started = new ConcurrentHashMap<>();
  private final List<Pod> executorsAsCreated = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();

  /**
   * The image every pod runs: its extracted root, config environment, entrypoint and working dir,
   * and the ID a node would report.
   */
  record Image(
      Path root, List<String> env, List<String> entrypoint, String workingDir, String imageId) {}

  /**
   * A pod's process, the environment it was started with (exactly: {@code env -i}), and its log
   * (stdout and stderr).
   */
  record Started(Pod pod, Process process, Map<String, String> env, Path log) {
    String output() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  Kubelet(KubernetesClient client, String namespace, Image image, Path state) {
    this.client = client;
    this.namespace = namespace;
    this.image = image;
    this.state = state;
  }

  /**
   * From now on, starts every pod with label {@code spark-role=executor} that appears, and stops
   * those deleted.
   */
  void runExecutors() {
    poller.scheduleWithFixedDelay(this::syncExecutors, 0, 200, TimeUnit.MILLISECONDS);
  }

  /** Every executor pod seen, as Spark created it (before any status). */
  List<Pod> executorsAsCreated() {
    return List.copyOf(executorsAsCreated);
  }

  Map<String, Started> started() {
    return Map.copyOf(started);
  }

  private void syncExecutors() {
    try {
      List<Pod> pods =
          client
              .pods()
              .inNamespace(namespace)
              .withLabel("spark-role", "executor")
              .list()
              .getItems();
      Set<String> present = ConcurrentHashMap.newKeySet();
      for (Pod pod : pods) {
        String name = pod.getMetadata().getName();
        present.add(name);
        if (!started.containsKey(name) && pod.getMetadata().getDeletionTimestamp() == null) {
          // Recorded once it runs: a start that fails (say, its ConfigMap not there yet) is tried
          // again next round, and must not count the pod twice.
          start(pod);
          executorsAsCreated.add(pod);
        }
      }
      started.forEach(
          (name, s) -> {
            if (!present.contains(name)
                && s.process().isAlive()
                && "executor".equals(s.pod().getMetadata().getLabels().get("spark-role"))) {
              stop(s);
            }
          });
    } catch (RuntimeException | IOException e) {
      // The next round tries again; a pod that cannot start shows in the test's assertions.
      e.printStackTrace();
    }
  }

  /** Starts {@code pod}'s only container as a process and reports it Running. */
  Started start(Pod pod) throws IOException {
    String name = pod.getMetadata().getName();
    Path dir = Files.createDirectories(state.resolve(name));
    Container container = pod.getSpec().getContainers().get(0);
    long uid = pod.getSpec().getSecurityContext().getRunAsUser();
    long gid = pod.getSpec().getSecurityContext().getRunAsGroup();

    List<String> script =
        new ArrayList<>(
            List.of(
                "set -e",
                "mount -t tmpfs -o mode=755 tmpfs /opt",
                "mount -t tmpfs -o mode=755 tmpfs /var",
                "mkdir -p /opt/spark /opt/java/openjdk",
                "mount --bind " + q(image.root().resolve("opt/spark")) + " /opt/spark",
                "touch /opt/entrypoint.sh",
                "mount --bind "
                    + q(image.root().resolve("opt/entrypoint.sh"))
                    + " /opt/entrypoint.sh",
                "mount --bind "
                    + q(Path.of(System.getProperty("java.home")))
                    + " /opt/java/openjdk",
                "mount --bind " + q(image.root().resolve("etc/passwd")) + " /etc/passwd",
                "mount --bind " + q(image.root().resolve("etc/group")) + " /etc/group"));
    List<VolumeMount> mounts = new ArrayList<>(container.getVolumeMounts());
    Map<String, Path> volumes = volumes(pod, dir.resolve("volumes"), uid, gid);
    if (!Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
      mounts.add(
          new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
              .withMountPath(SERVICE_ACCOUNT_DIR)
              .withName("service-account-token")
              .withReadOnly(true)
              .build());
      volumes.put(
          "service-account-token",
          serviceAccountToken(pod, dir.resolve("volumes/service-account-token")));
    }
    // Volumes live in the test's temporary directory: a mount over it (/tmp) goes last, so the
    // sources of the others are still reachable when they are mounted.
    mounts.sort(
        java.util.Comparator.comparing(m -> state.toAbsolutePath().startsWith(m.getMountPath())));
    for (VolumeMount mount : mounts) {
      Path source = volumes.get(mount.getName());
      if (source == null) {
        throw new IllegalStateException(
            "pod " + name + " mounts volume " + mount.getName() + ", which it does not declare");
      }
      if (mount.getMountPath().startsWith("/opt/spark/")) {
        // A container runtime creates mount points in the image's file system, read-only or not.
        Files.createDirectories(image.root().resolve(mount.getMountPath().substring(1)));
      } else {
        script.add("mkdir -p " + q(mount.getMountPath()));
      }
      script.add("mount --bind " + q(source) + " " + q(mount.getMountPath()));
      if (Boolean.TRUE.equals(mount.getReadOnly())) {
        script.add("mount -o remount,bind,ro " + q(mount.getMountPath()));
      }
    }
    script.add("mount -o remount,bind,ro /opt/spark");
    script.add(
        "cd "
            + q(
                container.getWorkingDir() != null
                    ? container.getWorkingDir()
                    : image.workingDir()));

    List<String> exec =
        new ArrayList<>(
            List.of(
                "exec",
                "setpriv",
                "--reuid=" + uid,
                "--regid=" + gid,
                "--clear-groups",
                "env",
                "-i"));
    Map<String, String> env = environment(pod, container);
    env.forEach((key, value) -> exec.add(q(key + "=" + value)));
    List<String> command =
        container.getCommand() == null || container.getCommand().isEmpty()
            ? new ArrayList<>(image.entrypoint())
            : new ArrayList<>(container.getCommand());
    command.addAll(container.getArgs());
    command.forEach(c -> exec.add(q(c)));
    script.add(String.join(" ", exec));

    Path log = dir.resolve("log.txt");
    Process process =
        new ProcessBuilder(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "bash",
                "-c",
                String.join("\n", script))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    // Start and exit times in epoch milliseconds, for the phases src/test/bench/inner-loop.sh
    // reports.
    Files.writeString(dir.resolve("started.ms"), System.currentTimeMillis() + "\n");
    Started s = new Started(pod, process, Map.copyOf(env), log);
    started.put(name, s);
    setStatus(pod, running(container));
    process
        .onExit()
        .thenAccept(
            p -> {
              writeQuietly(dir.resolve("exited.ms"), System.currentTimeMillis() + "\n");
              terminated(pod, container, p.exitValue());
            });
    return s;
  }

  /**
   * Stops a pod's process as a kubelet does on deletion: SIGTERM, then SIGKILL after the grace
   * period.
   */
  void stop(Started s) {
    Process process = s.process();
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    long grace =
        s.pod().getSpec().getTerminationGracePeriodSeconds() == null
            ? 30
            : s.pod().getSpec().getTerminationGracePeriodSeconds();
    process.onExit().completeOnTimeout(null, Math.min(grace, 10), TimeUnit.SECONDS).join();
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    started
        .values()
        .forEach(
            s -> {
              if (s.process().isAlive()) {
                stop(s);
              }
            });
  }

  // --- the pod's volumes and environment ---

  private Map<String, Path> volumes(Pod pod, Path dir, long uid, long gid) throws IOException {
    Long fsGroup = pod.getSpec().getSecurityContext().getFsGroup();
    Map<String, Path> paths = new LinkedHashMap<>();
    for (Volume volume : pod.getSpec().getVolumes()) {
      Path path = Files.createDirectories(dir.resolve(volume.getName()));
      if (volume.getEmptyDir() != null) {
        // fsGroup: the pod's group owns its volumes, group-writable.
        chown(path, uid, fsGroup != null ? fsGroup : gid);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxr-x"));
      } else if (volume.getConfigMap() != null) {
        ConfigMap map =
            client
                .configMaps()
                .inNamespace(namespace)
                .withName(volume.getConfigMap().getName())
                .get();
        if (map == null) {
          throw new IllegalStateException(
              "pod "
                  + pod.getMetadata().getName()
                  + " mounts ConfigMap "
                  + volume.getConfigMap().getName()
                  + ", which does not exist in namespace "
                  + namespace);
        }
        List<KeyToPath> items = volume.getConfigMap().getItems();
        Map<String, String> data = map.getData() == null ? Map.of() : map.getData();
        if (items == null || items.isEmpty()) {
          for (Map.Entry<String, String> e : data.entrySet()) {
            Files.writeString(path.resolve(e.getKey()), e.getValue());
          }
        } else {
          for (KeyToPath item : items) {
            Path file = path.resolve(item.getPath());
            Files.createDirectories(file.getParent());
            Files.writeString(file, data.get(item.getKey()));
          }
        }
      } else {
        throw new IllegalStateException(
            "pod "
                + pod.getMetadata().getName()
                + " has volume "
                + volume.getName()
                + " of a kind this test's kubelet does not provide");
      }
      paths.put(volume.getName(), path);
    }
    return paths;
  }

  private Path serviceAccountToken(Pod pod, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("token"), "token-of-" + pod.getSpec().getServiceAccountName());
    Files.writeString(dir.resolve("namespace"), namespace);
    return dir;
  }

  private Map<String, String> environment(Pod pod, Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : image.env()) {
      int eq = entry.indexOf('=');
      env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    env.put("HOSTNAME", pod.getMetadata().getName());
    for (EnvVar var : container.getEnv()) {
      String value = var.getValueFrom() == null ? var.getValue() : valueFrom(pod, var);
      if (value != null) {
        env.put(var.getName(), value);
      }
    }
    return env;
  }

  private String valueFrom(Pod pod, EnvVar var) {
    if (var.getValueFrom().getFieldRef() != null) {
      String field = var.getValueFrom().getFieldRef().getFieldPath();
      return switch (field) {
        case "metadata.name" -> pod.getMetadata().getName();
        case "metadata.namespace" -> namespace;
        case "metadata.uid" -> pod.getMetadata().getUid();
        case "status.podIP", "status.hostIP" -> POD_IP;
        case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
        case "spec.nodeName" -> "test-node";
        default ->
            throw new IllegalStateException(
                "env "
                    + var.getName()
                    + ": fieldRef "
                    + field
                    + " is not provided by this test's kubelet");
      };
    }
    if (var.getValueFrom().getConfigMapKeyRef() != null) {
      var ref = var.getValueFrom().getConfigMapKeyRef();
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
      if (map == null || map.getData() == null || !map.getData().containsKey(ref.getKey())) {
        throw new IllegalStateException(
            "env "
                + var.getName()
                + ": ConfigMap "
                + ref.getName()
                + " has no key "
                + ref.getKey());
      }
      return map.getData().get(ref.getKey());
    }
    if (var.getValueFrom().getSecretKeyRef() != null) {
      var ref = var.getValueFrom().getSecretKeyRef();
      Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
      if (secret == null
          || secret.getData() == null
          || !secret.getData().containsKey(ref.getKey())) {
        if (Boolean.TRUE.equals(ref.getOptional())) {
          return null;
        }
        throw new IllegalStateException(
            "pod "
                + pod.getMetadata().getName()
                + ", env "
                + var.getName()
                + ": Secret "
                + ref.getName()
                + (secret == null ? " not found" : " has no key " + ref.getKey())
                + " in namespace "
                + namespace);
      }
      // The API server stores a Secret's values base64-encoded (stringData is write-only).
      return new String(
          Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
    }
    throw new IllegalStateException(
        "env "
            + var.getName()
            + ": this test's kubelet resolves fieldRef, configMapKeyRef and secretKeyRef only");
  }

  // --- status, as the kubelet reports it ---

  private PodStatus running(Container container) {
    return new PodStatusBuilder()
        .withPhase("Running")
        .withPodIP(POD_IP)
        .withHostIP(POD_IP)
        .withStartTime(Instant.now().toString())
        // Spark's Kubernetes backend waits (spark.kubernetes.allocation.driver.readinessTimeout)
        // for
        // its driver pod's Ready condition before requesting executors, as a kubelet reports it.
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID(image.imageId())
                .withReady(true)
                .withStarted(true)
                .withNewState()
                .withNewRunning()
                .withStartedAt(Instant.now().toString())
                .endRunning()
                .endState()
                .build())
        .build();
  }

  private void terminated(Pod pod, Container container, int exitCode) {
    PodStatus status =
        new PodStatusBuilder(running(container))
            .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
            .build();
    status.getConditions().get(0).setStatus("False");
    status.getContainerStatuses().get(0).setReady(false);
    status.getContainerStatuses().get(0).getState().setRunning(null);
    status
        .getContainerStatuses()
        .get(0)
        .setState(
            new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error")
                .withFinishedAt(Instant.now().toString())
                .endTerminated()
                .build());
    setStatus(pod, status);
  }

  private void setStatus(Pod pod, PodStatus status) {
    try {
      Pod current =
          client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get();
      if (current != null) {
        current.setStatus(status);
        client.pods().inNamespace(namespace).resource(current).updateStatus();
      }
    } catch (RuntimeException e) {
      // Deleted meanwhile: nothing to report on.
    }
  }

  private static void writeQuietly(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void chown(Path path, long uid, long gid) throws IOException {
    try {
      Process p = new ProcessBuilder("chown", uid + ":" + gid, path.toString()).inheritIO().start();
      if (p.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)
          && p.exitValue() != 0) {
        throw new IOException("chown " + uid + ":" + gid + " " + path + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** {@code value} quoted for bash. */
  static String q(Object value) {
    return "'" + value.toString().replace("'", "'\\''") + "'";
  }
}
