package dev.sparkgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The group each executor joins with a queue's component (k8s/base/components/kueue, yunikorn); the
 * pods Spark really creates with them are checked by sparkgen's SparkOnKubernetesIT.
 */
class AdmissionTest {

    static final String APP = "spark-0a1b2c";

    @Test
    void kueueAdmitsTheFixedExecutorsOfARunAsOnePodGroup() {
        Pod pod = Admission.applyTo(executor(Map.of(Admission.KUEUE_QUEUE, "team"), Map.of(), null), container(),
                new SparkConf(false).set("spark.executor.instances", "5"), APP);

        assertEquals(APP, pod.getMetadata().getLabels().get(Admission.KUEUE_GROUP));
        assertEquals("5", pod.getMetadata().getAnnotations().get(Admission.KUEUE_COUNT));
        assertEquals("team", pod.getMetadata().getLabels().get(Admission.KUEUE_QUEUE));
        assertFalse(pod.getMetadata().getOwnerReferences().get(0).getController(), "the driver pod: owner, not controller");
        assertEquals("driver-x7k2p", pod.getMetadata().getOwnerReferences().get(0).getName());
    }

    @Test
    void withDynamicAllocationKueueAdmitsEachExecutorAlone() {
        Pod pod = Admission.applyTo(executor(Map.of(Admission.KUEUE_QUEUE, "team"), Map.of(), null), container(),
                new SparkConf(false).set("spark.dynamicAllocation.enabled", "true").set("spark.dynamicAllocation.minExecutors", "2"), APP);

        assertFalse(pod.getMetadata().getLabels().containsKey(Admission.KUEUE_GROUP));
        assertFalse(pod.getMetadata().getAnnotations().containsKey(Admission.KUEUE_COUNT));
        assertFalse(pod.getMetadata().getOwnerReferences().get(0).getController());
    }

    @Test
    void yunikornGetsTheTaskGroupOfTheRunsExecutorsAtThisPodsSize() {
        Map<String, String> annotations = Map.of(Admission.TASK_GROUP, "spark-executor");
        SparkConf fixed = new SparkConf(false).set("spark.executor.instances", "3");
        SparkConf dynamic = new SparkConf(false).set("spark.dynamicAllocation.enabled", "true").set("spark.dynamicAllocation.minExecutors", "2");

        assertEquals("[{\"name\":\"spark-executor\",\"minMember\":3,\"minResource\":{\"cpu\":\"2\",\"memory\":\"5120Mi\"}}]",
                Admission.applyTo(executor(Map.of(), annotations, "yunikorn"), container(), fixed, APP)
                        .getMetadata().getAnnotations().get(Admission.TASK_GROUPS));
        assertEquals("[{\"name\":\"spark-executor\",\"minMember\":2,\"minResource\":{\"cpu\":\"2\",\"memory\":\"5120Mi\"}}]",
                Admission.applyTo(executor(Map.of(), annotations, "yunikorn"), container(), dynamic, APP)
                        .getMetadata().getAnnotations().get(Admission.TASK_GROUPS));
    }

    @Test
    void withoutAQueueOrWithItsGroupSetAlreadyNothingChanges() {
        SparkConf settings = new SparkConf(false);
        Pod plain = executor(Map.of(), Map.of(Admission.TASK_GROUP, "spark-executor"), null);
        assertSame(plain, Admission.applyTo(plain, container(), settings, APP), "no queue, or not YuniKorn's pod");

        Pod own = executor(Map.of(), Map.of(Admission.TASK_GROUP, "g", Admission.TASK_GROUPS, "[own]"), "yunikorn");
        assertSame(own, Admission.applyTo(own, container(), settings, APP));
        Pod grouped = executor(Map.of(Admission.KUEUE_QUEUE, "team", Admission.KUEUE_GROUP, "mine"), Map.of(Admission.KUEUE_COUNT, "9"), null);
        Pod kept = Admission.applyTo(grouped, container(), settings, APP);
        assertEquals("mine", kept.getMetadata().getLabels().get(Admission.KUEUE_GROUP));
        assertEquals("9", kept.getMetadata().getAnnotations().get(Admission.KUEUE_COUNT));
    }

    static Pod executor(Map<String, String> labels, Map<String, String> annotations, String scheduler) {
        return new PodBuilder()
                .withNewMetadata().withName("job-exec-1").withLabels(labels).withAnnotations(annotations)
                .addNewOwnerReference().withApiVersion("v1").withKind("Pod").withName("driver-x7k2p").withUid("u1")
                .withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withSchedulerName(scheduler).endSpec()
                .build();
    }

    static Container container() {
        return new ContainerBuilder().withName("executor")
                .withNewResources().addToRequests("cpu", new Quantity("2")).addToRequests("memory", new Quantity("5120Mi"))
                .addToRequests("ephemeral-storage", new Quantity("1Gi")).endResources()
                .build();
    }
}
