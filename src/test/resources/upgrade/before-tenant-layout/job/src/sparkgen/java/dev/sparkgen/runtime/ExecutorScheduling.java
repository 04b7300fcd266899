package dev.sparkgen.runtime;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Where the executors run, per environment: the PodTemplate k8s/base/executor-scheduling.yaml,
 * which each overlay may patch like any other object. Spark has settings for the executors' node
 * selector only, and the executor pod template is a file in a ConfigMap, the same text in every
 * environment; a PodTemplate is an object Kustomize patches field by field.
 *
 * <p>Only these fields of its pod spec reach the executors: {@code nodeSelector} (merged, its
 * entries win), {@code tolerations} and {@code topologySpreadConstraints} (added),
 * {@code affinity} (each of node, pod and pod anti-affinity it sets replaces the pod's) and
 * {@code priorityClassName}. Its container is there because the API server requires one; it never
 * runs.
 */
final class ExecutorScheduling {

    private ExecutorScheduling() {
    }

    /**
     * The pod spec of PodTemplate {@code namespace/name}. A template that does not exist, or that the
     * driver may not read, is a mistake in the manifests that no retry mends: an
     * IllegalArgumentException, on which Spark stops the application.
     */
    static PodSpec read(KubernetesClient client, String namespace, String name) {
        PodTemplate template;
        try {
            template = client.v1().podTemplates().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw new IllegalArgumentException("The driver may not read PodTemplate " + namespace + "/" + name + " (" + ExecutorPodFeatureStep.SCHEDULING
                        + "): its Role needs get on podtemplates with resourceNames [" + name + "] (k8s/base/rbac.yaml)", e);
            }
            throw e;
        }
        if (template == null || template.getTemplate() == null || template.getTemplate().getSpec() == null) {
            throw new IllegalArgumentException("PodTemplate " + namespace + "/" + name + ", named by " + ExecutorPodFeatureStep.SCHEDULING
                    + ", does not exist: deploy the overlay (k8s/base/executor-scheduling.yaml) or remove the setting");
        }
        return template.getTemplate().getSpec();
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
