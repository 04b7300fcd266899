package com.example.sparkpidemo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;

/**
 * Makes the executors run exactly the image this driver runs.
 *
 * <p>On Kubernetes the driver is the pod of the spark-submit Job (k8s/base/job.yaml). Whatever set
 * that pod's image (skaffold's tag, {@code kustomize edit set image}, a CD tool), the driver reads
 * it back from the API server at start-up and hands it to Spark as
 * {@code spark.kubernetes.container.image}, so no other file holds an image tag to keep in step.
 * When the node reports the digest it pulled from the spec's own repository, the executors get the
 * image by that digest: the very same bytes, even if the tag has moved since. The Job's image pull
 * secrets are passed on too.
 *
 * <p>Anywhere else (local mode, tests) it changes nothing. The Kubernetes client it uses is the one
 * inside the apache/spark image (a {@code provided} dependency, like Spark).
 */
final class ExecutorImage {

    /** The name of the driver's container in k8s/base/job.yaml. */
    static final String DRIVER_CONTAINER = "driver";

    static final String IMAGE = "spark.kubernetes.container.image";
    static final String EXECUTOR_IMAGE = "spark.kubernetes.executor.container.image";
    static final String PULL_SECRETS = "spark.kubernetes.container.image.pullSecrets";

    /**
     * A pullable reference by digest in a container status' imageID: "repo@sha256:..." as containerd
     * and CRI-O report it, "docker-pullable://repo@sha256:..." as Docker (cri-dockerd) does. Group 1
     * is the repository, group 2 the digest. A local image ID alone ("sha256:...",
     * "docker://sha256:...") does not match: no registry knows it.
     */
    private static final Pattern REPO_DIGEST = Pattern.compile("(?:docker-pullable://)?([^@]+)@(sha256:[0-9a-f]{64})");

    private ExecutorImage() {
    }

    /**
     * Sets the executors' image (and pull secrets) in {@code conf} to this driver pod's, when the job
     * runs on Kubernetes and neither is set explicitly. Returns {@code conf}.
     */
    static SparkConf sameAsDriver(SparkConf conf) {
        if (!conf.get("spark.master", "").startsWith("k8s://")
                || conf.contains(IMAGE) || conf.contains(EXECUTOR_IMAGE)) {
            return conf;
        }
        // In the driver pod the client finds the API server and the pod's token by itself.
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            return sameAsDriver(conf, client);
        }
    }

    /** {@link #sameAsDriver(SparkConf)}, asking the API server {@code client} talks to. */
    static SparkConf sameAsDriver(SparkConf conf, KubernetesClient client) {
        String namespace = conf.get("spark.kubernetes.namespace");
        String podName = conf.get("spark.kubernetes.driver.pod.name");
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        if (pod == null) {
            throw new IllegalStateException("Driver pod " + namespace + "/" + podName + " not found: cannot tell the executors which image to run");
        }
        String image = imageOf(pod, DRIVER_CONTAINER);
        System.err.println("Executors run the driver's image " + image);
        conf.set(IMAGE, image);
        String secrets = pullSecretsOf(pod);
        if (!secrets.isEmpty() && !conf.contains(PULL_SECRETS)) {
            conf.set(PULL_SECRETS, secrets);
        }
        return conf;
    }

    /**
     * The image {@code container} of {@code pod} runs: as the pod spec names it when that already
     * carries a digest (skaffold deploys pushed images as "repo:tag@sha256:...", and streams the logs
     * of exactly the pods that name that reference), else pinned to the digest the node pulled when
     * the pod's status reports one from the spec's own repository, else as the spec names it.
     */
    static String imageOf(Pod pod, String container) {
        Container spec = pod.getSpec().getContainers().stream()
                .filter(c -> container.equals(c.getName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Pod " + pod.getMetadata().getName() + " has no container named " + container));
        if (spec.getImage().contains("@")) {
            return spec.getImage();
        }
        Optional<String> digest = Optional.ofNullable(pod.getStatus())
                .map(status -> status.getContainerStatuses())
                .orElse(List.of()).stream()
                .filter(s -> container.equals(s.getName()))
                .map(ContainerStatus::getImageID)
                .flatMap(id -> digestOf(id, spec.getImage()).stream())
                .findFirst();
        return digest.map(d -> pinned(spec.getImage(), d)).orElse(spec.getImage());
    }

    /**
     * The digest in a container status' imageID, if the executors can pull {@code image} by it: only
     * when the imageID names the same repository as {@code image}. An image loaded into the node
     * without a registry (kind load, minikube image load) reports either its local ID alone
     * ("sha256:...", "docker://sha256:...") or a repository the loader made up (kind load imports as
     * "docker.io/library/import-<date>@sha256:..."): the spec's repository pinned to that digest
     * would name an image no node can pull, so the executors take the spec's tag, as the driver did.
     */
    static Optional<String> digestOf(String imageId, String image) {
        Matcher matcher = REPO_DIGEST.matcher(imageId == null ? "" : imageId);
        if (!matcher.matches() || !repository(matcher.group(1)).equals(repository(image))) {
            return Optional.empty();
        }
        return Optional.of(matcher.group(2));
    }

    /**
     * The repository {@code reference} names, tag and digest dropped, spelled out the way container
     * runtimes normalise it (Docker's reference rules), so "x", "library/x", "docker.io/x" and
     * "index.docker.io/library/x" all give "docker.io/library/x": the first path component is a
     * registry only if it contains "." or ":" or is "localhost"; no registry means Docker Hub, whose
     * single-component names live under "library/".
     */
    static String repository(String reference) {
        String name = reference;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        String registry = "docker.io";
        String path = name;
        int slash = name.indexOf('/');
        if (slash >= 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first.equals("index.docker.io") ? "docker.io" : first;
                path = name.substring(slash + 1);
            }
        }
        if (registry.equals("docker.io") && !path.contains("/")) {
            path = "library/" + path;
        }
        return registry + "/" + path;
    }

    /** {@code image} (a name with or without a tag) pinned to {@code digest}: name@digest, the tag dropped. */
    static String pinned(String image, String digest) {
        String name = image;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        return name + "@" + digest;
    }

    static String pullSecretsOf(Pod pod) {
        List<LocalObjectReference> secrets = pod.getSpec().getImagePullSecrets();
        return secrets == null ? "" : secrets.stream().map(LocalObjectReference::getName).collect(Collectors.joining(","));
    }
}
