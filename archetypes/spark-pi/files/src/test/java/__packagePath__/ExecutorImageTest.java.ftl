package [=app.packageName];

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.File;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * How the driver finds the image its executors must run (see ExecutorImage). Its request to the API
 * server is checked by ExecutorImageApiIT.
 */
class ExecutorImageTest {

    static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void pinsTheImageToTheDigestTheNodePulled() {
        Pod pod = driverPod("registry.example.com/team/[=app.name]:4f2c9a1", "registry.example.com/team/[=app.name]@" + DIGEST);

        assertEquals("registry.example.com/team/[=app.name]@" + DIGEST, ExecutorImage.imageOf(pod, "driver"));
    }

    @Test
    void pinsADockerHubImageThatContainerdReportsUnderItsNormalisedName() {
        Pod pod = driverPod("[=app.name]:4f2c9a1", "docker.io/library/[=app.name]@" + DIGEST);

        assertEquals("[=app.name]@" + DIGEST, ExecutorImage.imageOf(pod, "driver"));
    }

    @Test
    void pinsAnImageFromARegistryWithAPortAsCriOReportsIt() {
        Pod pod = driverPod("registry.example.com:5000/team/app:1.0", "registry.example.com:5000/team/app@" + DIGEST);

        assertEquals("registry.example.com:5000/team/app@" + DIGEST, ExecutorImage.imageOf(pod, "driver"));
    }

    @Test
    void pinsAnImageFromALocalhostRegistry() {
        Pod pod = driverPod("localhost:5000/x:dev", "localhost:5000/x@" + DIGEST);

        assertEquals("localhost:5000/x@" + DIGEST, ExecutorImage.imageOf(pod, "driver"));
    }

    @Test
    void keepsTheSpecsOwnSpellingOfTheRepositoryWhenPinning() {
        Pod pod = driverPod("index.docker.io/library/[=app.name]:4f2c9a1", "docker.io/library/[=app.name]@" + DIGEST);

        assertEquals("index.docker.io/library/[=app.name]@" + DIGEST, ExecutorImage.imageOf(pod, "driver"));
    }

    @Test
    void keepsTheTagWhenTheNodePulledTheSameTagFromAnotherRepository() {
        Pod otherPath = driverPod("registry.example.com/team/[=app.name]:4f2c9a1", "registry.example.com/other/[=app.name]@" + DIGEST);
        Pod otherRegistry = driverPod("registry.example.com/team/[=app.name]:4f2c9a1", "mirror.example.com/team/[=app.name]@" + DIGEST);
        Pod otherPort = driverPod("localhost:5000/x:dev", "localhost:5001/x@" + DIGEST);

        assertEquals("registry.example.com/team/[=app.name]:4f2c9a1", ExecutorImage.imageOf(otherPath, "driver"));
        assertEquals("registry.example.com/team/[=app.name]:4f2c9a1", ExecutorImage.imageOf(otherRegistry, "driver"));
        assertEquals("localhost:5000/x:dev", ExecutorImage.imageOf(otherPort, "driver"));
    }

    @Test
    void keepsAReferenceThatAlreadyCarriesADigestAsItIs() {
        // skaffold after a push: executors must name the very reference skaffold tails logs for.
        String reference = "registry.example.com/team/[=app.name]:4f2c9a1@" + DIGEST;
        Pod pod = driverPod(reference, "registry.example.com/team/[=app.name]@" + DIGEST);

        assertEquals(reference, ExecutorImage.imageOf(pod, "driver"));
    }

    @Test
    void readsDockersFormOfTheDigestToo() {
        // Docker (cri-dockerd) reports repository digests in their short form.
        Pod registry = driverPod("localhost:5000/[=app.name]:dev", "docker-pullable://localhost:5000/[=app.name]@" + DIGEST);
        Pod hub = driverPod("docker.io/library/[=app.name]:dev", "docker-pullable://[=app.name]@" + DIGEST);

        assertEquals("localhost:5000/[=app.name]@" + DIGEST, ExecutorImage.imageOf(registry, "driver"));
        assertEquals("docker.io/library/[=app.name]@" + DIGEST, ExecutorImage.imageOf(hub, "driver"));
    }

    @Test
    void keepsTheTagWhenTheNodeKnowsOnlyALocalImageId() {
        // An image no registry has: containerd and CRI-O report "sha256:...", Docker "docker://sha256:...".
        for (String localId : new String[] {DIGEST, "docker://" + DIGEST}) {
            Pod pod = driverPod("[=app.name]:4f2c9a1", localId);

            assertEquals("[=app.name]:4f2c9a1", ExecutorImage.imageOf(pod, "driver"), localId);
        }
    }

    @Test
    void keepsTheTagOfAnImageKindLoadedUnderAnotherRepository() {
        // kind load imports the image under a generated name: the node reports that repository,
        // which no node can pull, so the executors must find the image by the spec's tag.
        Pod pod = driverPod("[=app.name]:4f2c9a1", "docker.io/library/import-2026-11-25@" + DIGEST);

        assertEquals("[=app.name]:4f2c9a1", ExecutorImage.imageOf(pod, "driver"));
    }

    @Test
    void usesTheSpecBeforeTheContainerHasAStatus() {
        Pod pod = driverPod("[=app.name]:4f2c9a1", null);

        assertEquals("[=app.name]:4f2c9a1", ExecutorImage.imageOf(pod, "driver"));
    }

    @Test
    void readsTheDriverContainerNotAnInjectedSidecar() {
        Pod pod = new PodBuilder(driverPod("[=app.name]:v2", "docker.io/library/[=app.name]@" + DIGEST))
                .editSpec().addNewContainer().withName("istio-proxy").withImage("istio/proxyv2:1.24.0").endContainer().endSpec()
                .editStatus().addNewContainerStatus().withName("istio-proxy").withImageID("docker.io/istio/proxyv2@sha256:" + "cd".repeat(32)).endContainerStatus().endStatus()
                .build();

        assertEquals("[=app.name]@" + DIGEST, ExecutorImage.imageOf(pod, "driver"));
        assertThrows(IllegalStateException.class, () -> ExecutorImage.imageOf(pod, "no-such-container"));
    }

    @Test
    void pinsAnyReferenceByName() {
        assertEquals("localhost:5000/a/b@" + DIGEST, ExecutorImage.pinned("localhost:5000/a/b", DIGEST));
        assertEquals("localhost:5000/a/b@" + DIGEST, ExecutorImage.pinned("localhost:5000/a/b:1.0", DIGEST));
        assertEquals(Optional.empty(), ExecutorImage.digestOf("", "a/b"));
        assertEquals(Optional.empty(), ExecutorImage.digestOf(null, "a/b"));
    }

    @Test
    void normalisesRepositoriesAsContainerRuntimesDo() {
        for (String hub : new String[] {"x", "x:1.0", "library/x", "docker.io/x", "docker.io/library/x:1.0",
                "index.docker.io/library/x", "index.docker.io/x@" + DIGEST}) {
            assertEquals("docker.io/library/x", ExecutorImage.repository(hub), hub);
        }
        assertEquals("docker.io/team/x", ExecutorImage.repository("team/x:1.0"));
        assertEquals("docker.io/team/x", ExecutorImage.repository("index.docker.io/team/x"));
        assertEquals("localhost:5000/x", ExecutorImage.repository("localhost:5000/x:dev"));
        assertEquals("localhost/x", ExecutorImage.repository("localhost/x"));
        assertEquals("registry.example.com:5000/team/app", ExecutorImage.repository("registry.example.com:5000/team/app:1.0"));
        assertEquals("registry.example.com/x", ExecutorImage.repository("registry.example.com/x"));
    }

    @Test
    void passesTheDriversPullSecretsOn() {
        Pod pod = new PodBuilder(driverPod("a:1", null))
                .editSpec().addNewImagePullSecret("registry-a").addNewImagePullSecret("registry-b").endSpec().build();

        assertEquals("registry-a,registry-b", ExecutorImage.pullSecretsOf(pod));
        assertEquals("", ExecutorImage.pullSecretsOf(driverPod("a:1", null)));
    }

    @Test
    void changesNothingOutsideKubernetesOrWhenTheImageIsSetExplicitly() {
        SparkConf local = new SparkConf(false).setMaster("local[2]");
        assertFalse(ExecutorImage.sameAsDriver(local).contains(ExecutorImage.IMAGE));

        SparkConf explicit = new SparkConf(false).setMaster("k8s://https://kubernetes.default.svc")
                .set(ExecutorImage.IMAGE, "chosen:1");
        assertEquals("chosen:1", ExecutorImage.sameAsDriver(explicit).get(ExecutorImage.IMAGE));
    }

    @Test
    void theBaseJobNamesItsContainerTheWayExecutorImageLooksItUp() throws Exception {
        Job job = new YAMLMapper().readValue(new File("k8s/base/job.yaml"), Job.class);

        assertEquals(1, job.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> ExecutorImage.DRIVER_CONTAINER.equals(c.getName())).count());
    }

    static Pod driverPod(String image, String imageId) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withName("[=app.name]-driver-x7k2p").endMetadata()
                .withNewSpec().addNewContainer().withName("driver").withImage(image).endContainer().endSpec();
        if (imageId != null) {
            pod.withNewStatus().addNewContainerStatus().withName("driver").withImage(image).withImageID(imageId).endContainerStatus().endStatus();
        } else {
            pod.withNewStatus().endStatus();
        }
        return pod.build();
    }
}
