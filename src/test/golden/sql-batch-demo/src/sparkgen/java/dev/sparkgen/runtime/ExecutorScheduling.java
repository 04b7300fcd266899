package dev.sparkgen.runtime;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the executors run, per environment: the file each overlay keeps as
 * k8s/overlays/ENV/executor-scheduling.yaml, a Pod of which only the scheduling fields count. It
 * reaches the driver as a key of ConfigMap spark-pod-templates, mounted like the executor pod
 * template, so reading it takes no API request and no right: a team holding only the built-in
 * {@code edit} role can deploy it, which it could not a PodTemplate object. Spark has settings for
 * the executors' node selector only, and the executor pod template is the same file in every
 * environment; this one is the environment's own.
 *
 * <p>Only these fields of its pod spec reach the executors: {@code nodeSelector} (merged, its
 * entries win), {@code tolerations} and {@code topologySpreadConstraints} (added),
 * {@code affinity} (each of node, pod and pod anti-affinity it sets replaces the pod's) and
 * {@code priorityClassName}.
 */
final class ExecutorScheduling {

    private ExecutorScheduling() {
    }

    /**
     * The pod spec of the file at {@code path}; an empty spec when the file's spec is empty. A file
     * that is missing or is not a Pod is a mistake in the manifests that no retry mends: an
     * IllegalArgumentException, on which Spark stops the application.
     */
    static PodSpec read(Path path) {
        Object parsed;
        try (InputStream in = Files.newInputStream(path)) {
            parsed = Serialization.unmarshal(in, Pod.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("The executors' scheduling file " + path + ", named by " + ExecutorPodFeatureStep.SCHEDULING
                    + ", does not exist: keep key executor-scheduling.yaml in ConfigMap spark-pod-templates (the overlay's"
                    + " executor-scheduling.yaml) or remove the setting", e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("The executors' scheduling file " + path + " (the overlay's executor-scheduling.yaml) is not"
                    + " a Pod in YAML: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Pod)) {
            throw new IllegalArgumentException("The executors' scheduling file " + path + " (the overlay's executor-scheduling.yaml) is not"
                    + " a Pod in YAML (apiVersion: v1, kind: Pod, spec: ...)");
        }
        PodSpec spec = ((Pod) parsed).getSpec();
        return spec == null ? new PodSpec() : spec;
    }

    /** {@code pod} with the scheduling fields of {@code scheduling} merged in. */
    static Pod applyTo(Pod pod, PodSpec scheduling) {
        PodSpec current = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        PodSpecBuilder spec = new PodSpecBuilder(current);
        if (scheduling.getNodeSelector() != null) {
            spec.addToNodeSelector(scheduling.getNodeSelector());
        }
        if (scheduling.getTolerations() != null) {
            spec.addAllToTolerations(scheduling.getTolerations());
        }
        if (scheduling.getTopologySpreadConstraints() != null) {
            spec.addAllToTopologySpreadConstraints(scheduling.getTopologySpreadConstraints());
        }
        if (scheduling.getAffinity() != null) {
            spec.withAffinity(merged(current.getAffinity(), scheduling.getAffinity()));
        }
        if (scheduling.getPriorityClassName() != null) {
            spec.withPriorityClassName(scheduling.getPriorityClassName());
        }
        return new PodBuilder(pod).withSpec(spec.build()).build();
    }

    private static Affinity merged(Affinity current, Affinity scheduling) {
        AffinityBuilder affinity = current == null ? new AffinityBuilder() : new AffinityBuilder(current);
        if (scheduling.getNodeAffinity() != null) {
            affinity.withNodeAffinity(scheduling.getNodeAffinity());
        }
        if (scheduling.getPodAffinity() != null) {
            affinity.withPodAffinity(scheduling.getPodAffinity());
        }
        if (scheduling.getPodAntiAffinity() != null) {
            affinity.withPodAntiAffinity(scheduling.getPodAntiAffinity());
        }
        return affinity.build();
    }
}
