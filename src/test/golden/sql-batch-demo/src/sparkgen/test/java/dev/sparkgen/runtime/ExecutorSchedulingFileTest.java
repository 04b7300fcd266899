package dev.sparkgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.KubernetesExecutorConf;
import org.apache.spark.deploy.k8s.SparkPod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executors' scheduling as the driver reads it: the overlay's executor-scheduling.yaml, a file
 * mounted from ConfigMap spark-pod-templates (no API request, so no right the driver would need).
 */
class ExecutorSchedulingFileTest {

    /** The overlay's file with its commented example uncommented, as a team does. */
    static final String SCHEDULED = """
            # Where the executors of payments-etl run in prod.
            apiVersion: v1
            kind: Pod
            spec:
              priorityClassName: spark-batch
              nodeSelector:
                node-pool: spark
              tolerations:
                - key: dedicated
                  operator: Equal
                  value: spark
                  effect: NoSchedule
              affinity:
                podAntiAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                    - weight: 100
                      podAffinityTerm:
                        topologyKey: kubernetes.io/hostname
                        labelSelector:
                          matchLabels:
                            spark-role: executor
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheSchedulingFieldsOfTheFile() throws IOException {
        PodSpec spec = ExecutorScheduling.read(write("executor-scheduling.yaml", SCHEDULED));

        assertEquals("spark-batch", spec.getPriorityClassName());
        assertEquals("spark", spec.getNodeSelector().get("node-pool"));
        assertEquals("NoSchedule", spec.getTolerations().get(0).getEffect());
        assertEquals("kubernetes.io/hostname",
                spec.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm().getTopologyKey());
    }

    @Test
    void theFileAsGeneratedWithEverythingCommentedSchedulesNothing() throws IOException {
        PodSpec spec = ExecutorScheduling.read(write("executor-scheduling.yaml",
                "apiVersion: v1\nkind: Pod\nspec:\n  # priorityClassName: spark-batch\n  # nodeSelector:\n  #   node-pool: spark\n"));

        assertNull(spec.getPriorityClassName());
        SparkPod pod = new SparkPod(new PodBuilder().withNewSpec().withServiceAccountName("x").endSpec().build(), null);
        assertEquals(pod.pod(), ExecutorScheduling.applyTo(pod.pod(), spec));
    }

    @Test
    void aMissingFileStopsTheApplicationNamingTheFileAndTheSetting() {
        Path missing = dir.resolve("executor-scheduling.yaml");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutorScheduling.read(missing));

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(ExecutorPodFeatureStep.SCHEDULING), e.getMessage());
    }

    @Test
    void aFileThatIsNotYamlStopsTheApplicationNamingTheFile() throws IOException {
        Path broken = write("executor-scheduling.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  tolerations: [unclosed\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutorScheduling.read(broken));

        assertTrue(e.getMessage().contains(broken + " (the overlay's executor-scheduling.yaml) is not a Pod in YAML"), e.getMessage());
    }

    @Test
    void everyExecutorOfTheDriverIsScheduledAsTheFileSays() throws IOException {
        Path file = write("every-executor.yaml", SCHEDULED);
        SparkConf settings = new SparkConf(false).set(ExecutorPodFeatureStep.SCHEDULING, file.toString());

        for (String id : new String[] {"1", "2"}) {
            ExecutorPodFeatureStep step = new ExecutorPodFeatureStep();
            step.init(new KubernetesExecutorConf(settings.clone(), "spark-app-1", id, scala.Option.empty(), 0));
            SparkPod pod = step.configurePod(new SparkPod(new PodBuilder().withNewSpec().endSpec().build(), null));

            assertEquals("spark-batch", pod.pod().getSpec().getPriorityClassName(), "executor " + id);
            assertEquals("spark", pod.pod().getSpec().getTolerations().get(0).getValue(), "executor " + id);
        }
    }

    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
