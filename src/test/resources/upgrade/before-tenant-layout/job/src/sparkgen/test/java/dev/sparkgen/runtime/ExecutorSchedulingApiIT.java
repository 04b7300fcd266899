package dev.sparkgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.KubernetesExecutorConf;
import org.apache.spark.deploy.k8s.SparkPod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's request for the scheduling object, against a mock API server. An integration test
 * ("verify") rather than a unit test: starting the mock server and client takes seconds, which
 * skaffold's build line (it runs the unit tests) would pay on every save.
 */
class ExecutorSchedulingApiIT {

    static final String NAMESPACE = "payments-etl-dev";
    static final String PATH = "/api/v1/namespaces/" + NAMESPACE + "/podtemplates/";

    KubernetesMockServer server;

    @BeforeEach
    void start() {
        // Only the mock's address, whatever kubeconfig this machine has.
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        server = new KubernetesMockServer(false);
        server.init();
    }

    @AfterEach
    void stop() {
        server.destroy();
    }

    @Test
    void everyExecutorOfTheDriverIsScheduledAsTheObjectSaysWhichIsReadOnce() {
        server.expect().get().withPath(PATH + "payments-etl-executor-scheduling").andReturn(200, scheduling("spark-batch")).once();
        SparkConf settings = new SparkConf(false).setMaster("k8s://http://" + server.getHostName() + ":" + server.getPort())
                .set("spark.kubernetes.namespace", NAMESPACE)
                .set(ExecutorPodFeatureStep.SCHEDULING, "payments-etl-executor-scheduling");

        for (String id : new String[] {"1", "2"}) {
            ExecutorPodFeatureStep step = new ExecutorPodFeatureStep();
            step.init(new KubernetesExecutorConf(settings.clone(), "spark-app-1", id, scala.Option.empty(), 0));
            SparkPod pod = step.configurePod(new SparkPod(new PodBuilder().withNewSpec().endSpec().build(), null));

            assertEquals("spark-batch", pod.pod().getSpec().getPriorityClassName(), "executor " + id);
            assertEquals("spark", pod.pod().getSpec().getTolerations().get(0).getValue(), "executor " + id);
        }
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aMissingObjectStopsTheApplicationWithTheReason() {
        try (KubernetesClient client = server.createClient()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ExecutorScheduling.read(client, NAMESPACE, "payments-etl-executor-scheduling"));
            assertTrue(e.getMessage().contains("PodTemplate " + NAMESPACE + "/payments-etl-executor-scheduling"), e.getMessage());
        }
    }

    @Test
    void aDriverWithoutTheRightToReadItIsToldWhichRuleItNeeds() {
        server.expect().get().withPath(PATH + "payments-etl-executor-scheduling")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("forbidden").build()).once();
        try (KubernetesClient client = server.createClient()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ExecutorScheduling.read(client, NAMESPACE, "payments-etl-executor-scheduling"));
            assertTrue(e.getMessage().contains("get on podtemplates with resourceNames [payments-etl-executor-scheduling]"), e.getMessage());
        }
    }

    @Test
    void readsThePodSpecOfTheObject() {
        server.expect().get().withPath(PATH + "x").andReturn(200, scheduling("high")).once();
        try (KubernetesClient client = server.createClient()) {
            PodSpec spec = ExecutorScheduling.read(client, NAMESPACE, "x");

            assertEquals("high", spec.getPriorityClassName());
        }
    }

    static PodTemplate scheduling(String priorityClass) {
        return new PodTemplateBuilder()
                .withNewMetadata().withName("payments-etl-executor-scheduling").withNamespace(NAMESPACE).endMetadata()
                .withNewTemplate().withNewSpec()
                    .withPriorityClassName(priorityClass)
                    .addNewToleration().withKey("dedicated").withOperator("Equal").withValue("spark").withEffect("NoSchedule").endToleration()
                    .addNewContainer().withName("executor").withImage("spark-app").endContainer()
                .endSpec().endTemplate()
                .build();
    }
}
