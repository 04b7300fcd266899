package dev.sparkgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the image the executors must run is read from the driver pod (see DriverImage). */
class DriverImageTest {

    static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void pinsTheImageToTheDigestTheNodePulled() {
        Pod pod = driverPod("registry.example.com/team/payments-etl:4f2c9a1", "registry.example.com/team/payments-etl@" + DIGEST);

        assertEquals("registry.example.com/team/payments-etl@" + DIGEST, DriverImage.imageOf(pod, "driver"));
    }

    @Test
    void pinsADockerHubImageThatContainerdReportsUnderItsNormalisedName() {
        Pod pod = driverPod("payments-etl:4f2c9a1", "docker.io/library/payments-etl@" + DIGEST);

        assertEquals("payments-etl@" + DIGEST, DriverImage.imageOf(pod, "driver"));
    }

    @Test
    void pinsAnImageFromARegistryWithAPortAsCriOReportsIt() {
        Pod pod = driverPod("registry.example.com:5000/team/app:1.0", "registry.example.com:5000/team/app@" + DIGEST);

        assertEquals("registry.example.com:5000/team/app@" + DIGEST, DriverImage.imageOf(pod, "driver"));
    }

    @Test
    void pinsAnImageFromALocalhostRegistry() {
        Pod pod = driverPod("localhost:5000/x:dev", "localhost:5000/x@" + DIGEST);

        assertEquals("localhost:5000/x@" + DIGEST, DriverImage.imageOf(pod, "driver"));
    }

    @Test
    void keepsTheSpecsOwnSpellingOfTheRepositoryWhenPinning() {
        Pod pod = driverPod("index.docker.io/library/payments-etl:4f2c9a1", "docker.io/library/payments-etl@" + DIGEST);

        assertEquals("index.docker.io/library/payments-etl@" + DIGEST, DriverImage.imageOf(pod, "driver"));
    }

    @Test
    void keepsTheTagWhenTheNodePulledTheSameTagFromAnotherRepository() {
        Pod otherPath = driverPod("registry.example.com/team/payments-etl:4f2c9a1", "registry.example.com/other/payments-etl@" + DIGEST);
        Pod otherRegistry = driverPod("registry.example.com/team/payments-etl:4f2c9a1", "mirror.example.com/team/payments-etl@" + DIGEST);
        Pod otherPort = driverPod("localhost:5000/x:dev", "localhost:5001/x@" + DIGEST);

        assertEquals("registry.example.com/team/payments-etl:4f2c9a1", DriverImage.imageOf(otherPath, "driver"));
        assertEquals("registry.example.com/team/payments-etl:4f2c9a1", DriverImage.imageOf(otherRegistry, "driver"));
        assertEquals("localhost:5000/x:dev", DriverImage.imageOf(otherPort, "driver"));
    }

    @Test
    void keepsAReferenceThatAlreadyCarriesADigestAsItIs() {
        // skaffold after a push: executors must name the very reference skaffold tails logs for.
        String reference = "registry.example.com/team/payments-etl:4f2c9a1@" + DIGEST;
        Pod pod = driverPod(reference, "registry.example.com/team/payments-etl@" + DIGEST);

        assertEquals(reference, DriverImage.imageOf(pod, "driver"));
    }

    @Test
    void readsDockersFormOfTheDigestToo() {
        // Docker (cri-dockerd) reports repository digests in their short form.
        Pod registry = driverPod("localhost:5000/payments-etl:dev", "docker-pullable://localhost:5000/payments-etl@" + DIGEST);
        Pod hub = driverPod("docker.io/library/payments-etl:dev", "docker-pullable://payments-etl@" + DIGEST);

        assertEquals("localhost:5000/payments-etl@" + DIGEST, DriverImage.imageOf(registry, "driver"));
        assertEquals("docker.io/library/payments-etl@" + DIGEST, DriverImage.imageOf(hub, "driver"));
    }

    @Test
    void keepsTheTagWhenTheNodeKnowsOnlyALocalImageId() {
        // An image no registry has: containerd and CRI-O report "sha256:...", Docker "docker://sha256:...".
        for (String localId : new String[] {DIGEST, "docker://" + DIGEST}) {
            Pod pod = driverPod("payments-etl:4f2c9a1", localId);

            assertEquals("payments-etl:4f2c9a1", DriverImage.imageOf(pod, "driver"), localId);
        }
    }

    @Test
    void keepsTheTagOfAnImageKindLoadedUnderAnotherRepository() {
        // kind load imports the image under a generated name: the node reports that repository,
        // which no node can pull, so the executors must find the image by the spec's tag.
        Pod pod = driverPod("payments-etl:4f2c9a1", "docker.io/library/import-2026-11-25@" + DIGEST);

        assertEquals("payments-etl:4f2c9a1", DriverImage.imageOf(pod, "driver"));
    }

    @Test
    void usesTheSpecBeforeTheContainerHasAStatus() {
        Pod pod = driverPod("payments-etl:4f2c9a1", null);

        assertEquals("payments-etl:4f2c9a1", DriverImage.imageOf(pod, "driver"));
    }

    @Test
    void readsTheDriverContainerNotAnInjectedSidecar() {
        Pod pod = new PodBuilder(driverPod("payments-etl:v2", "docker.io/library/payments-etl@" + DIGEST))
                .editSpec().addNewContainer().withName("istio-proxy").withImage("istio/proxyv2:1.24.0").endContainer().endSpec()
                .editStatus().addNewContainerStatus().withName("istio-proxy").withImageID("docker.io/istio/proxyv2@sha256:" + "cd".repeat(32)).endContainerStatus().endStatus()
                .build();

        assertEquals("payments-etl@" + DIGEST, DriverImage.imageOf(pod, "driver"));
        assertThrows(IllegalArgumentException.class, () -> DriverImage.imageOf(pod, "no-such-container"));
    }

    @Test
    void pinsAnyReferenceByName() {
        assertEquals("localhost:5000/a/b@" + DIGEST, DriverImage.pinned("localhost:5000/a/b", DIGEST));
        assertEquals("localhost:5000/a/b@" + DIGEST, DriverImage.pinned("localhost:5000/a/b:1.0", DIGEST));
        assertEquals(Optional.empty(), DriverImage.digestOf("", "a/b"));
        assertEquals(Optional.empty(), DriverImage.digestOf(null, "a/b"));
    }

    @Test
    void normalisesRepositoriesAsContainerRuntimesDo() {
        for (String hub : new String[] {"x", "x:1.0", "library/x", "docker.io/x", "docker.io/library/x:1.0",
                "index.docker.io/library/x", "index.docker.io/x@" + DIGEST}) {
            assertEquals("docker.io/library/x", DriverImage.repository(hub), hub);
        }
        assertEquals("docker.io/team/x", DriverImage.repository("team/x:1.0"));
        assertEquals("docker.io/team/x", DriverImage.repository("index.docker.io/team/x"));
        assertEquals("localhost:5000/x", DriverImage.repository("localhost:5000/x:dev"));
        assertEquals("localhost/x", DriverImage.repository("localhost/x"));
        assertEquals("registry.example.com:5000/team/app", DriverImage.repository("registry.example.com:5000/team/app:1.0"));
        assertEquals("registry.example.com/x", DriverImage.repository("registry.example.com/x"));
    }

    @Test
    void passesTheDriversPullSecretsOn() {
        Pod pod = new PodBuilder(driverPod("a:1", null))
                .editSpec().addNewImagePullSecret("registry-a").addNewImagePullSecret("registry-b").endSpec().build();

        assertEquals("registry-a,registry-b", DriverImage.pullSecretsOf(pod));
        assertEquals("", DriverImage.pullSecretsOf(driverPod("a:1", null)));
    }

    @Test
    void theBaseJobNamesItsContainerTheWayTheImageIsLookedUp() throws Exception {
        Job job = new YAMLMapper().readValue(new File("k8s/base/job.yaml"), Job.class);

        assertEquals(1, job.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> DriverImage.DRIVER_CONTAINER.equals(c.getName())).count());
    }

    static Pod driverPod(String image, String imageId) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withName("payments-etl-driver-x7k2p").endMetadata()
                .withNewSpec().addNewContainer().withName("driver").withImage(image).endContainer().endSpec();
        if (imageId != null) {
            pod.withNewStatus().addNewContainerStatus().withName("driver").withImage(image).withImageID(imageId).endContainerStatus().endStatus();
        } else {
            pod.withNewStatus().endStatus();
        }
        return pod.build();
    }
}
