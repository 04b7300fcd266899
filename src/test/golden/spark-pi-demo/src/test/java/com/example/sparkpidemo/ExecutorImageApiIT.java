package com.example.sparkpidemo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The driver's request for its own pod, against a mock API server. An integration
 * test ("verify") rather than a unit test: starting the mock server and client takes seconds, which
 * skaffold's build line (it runs the unit tests) would pay on every save.
 */
class ExecutorImageApiIT {

    @Test
    void asksTheApiServerForItsOwnPodAndSetsTheExecutorImageAndPullSecrets() {
        // A mock API server (no cluster here): it answers exactly the request the driver makes.
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            Pod pod = new PodBuilder(ExecutorImageTest.driverPod("spark-pi-demo:4f2c9a1", "docker.io/library/spark-pi-demo@" + ExecutorImageTest.DIGEST))
                    .editSpec().addNewImagePullSecret("registry").endSpec().build();
            server.expect().get().withPath("/api/v1/namespaces/spark-pi-demo-dev/pods/spark-pi-demo-driver-x7k2p")
                    .andReturn(200, pod).once();
            SparkConf conf = new SparkConf(false).setMaster("k8s://https://kubernetes.default.svc")
                    .set("spark.kubernetes.namespace", "spark-pi-demo-dev")
                    .set("spark.kubernetes.driver.pod.name", "spark-pi-demo-driver-x7k2p");

            ExecutorImage.sameAsDriver(conf, client);

            assertEquals("spark-pi-demo@" + ExecutorImageTest.DIGEST, conf.get(ExecutorImage.IMAGE));
            assertEquals("registry", conf.get(ExecutorImage.PULL_SECRETS));
        } finally {
            server.destroy();
        }
    }
}
