package dev.sparkgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.FileReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.KubernetesExecutorConf;
import org.apache.spark.deploy.k8s.SparkPod;
import org.apache.spark.deploy.k8s.features.KubernetesExecutorCustomFeatureConfigStep;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * What the feature step changes in an executor's settings, as Spark's Kubernetes backend hands them
 * to it (its scheduling, read from the overlay's file: ExecutorSchedulingFileTest).
 */
class ExecutorPodFeatureStepTest {

    static final String DIGEST = DriverImageTest.DIGEST;

    @Test
    void theExecutorGetsTheDriversImageByDigestAndItsPullSecrets() {
        Pod driver = new PodBuilder(DriverImageTest.driverPod("registry.example.com/team/job:4f2c9a1", "registry.example.com/team/job@" + DIGEST))
                .editSpec().addNewImagePullSecret("registry").endSpec().build();
        KubernetesExecutorConf conf = executorConf(kubernetes(), driver);

        new ExecutorPodFeatureStep().init(conf);

        assertEquals("registry.example.com/team/job@" + DIGEST, conf.sparkConf().get(ExecutorPodFeatureStep.EXECUTOR_IMAGE));
        assertEquals("registry", conf.sparkConf().get(ExecutorPodFeatureStep.PULL_SECRETS));
    }

    @Test
    void anImageOrPullSecretsSetExplicitlyStay() {
        Pod driver = new PodBuilder(DriverImageTest.driverPod("job:1", null)).editSpec().addNewImagePullSecret("registry").endSpec().build();
        for (String key : new String[] {ExecutorPodFeatureStep.IMAGE, ExecutorPodFeatureStep.EXECUTOR_IMAGE}) {
            KubernetesExecutorConf conf = executorConf(kubernetes().set(key, "chosen:1"), driver);

            new ExecutorPodFeatureStep().init(conf);

            assertEquals("chosen:1", conf.sparkConf().get(key), key);
            assertFalse(conf.sparkConf().contains(key.equals(ExecutorPodFeatureStep.IMAGE) ? ExecutorPodFeatureStep.EXECUTOR_IMAGE : ExecutorPodFeatureStep.IMAGE), key);
            assertFalse(conf.sparkConf().contains(ExecutorPodFeatureStep.PULL_SECRETS), key);
        }
        KubernetesExecutorConf secrets = executorConf(kubernetes().set(ExecutorPodFeatureStep.PULL_SECRETS, "own"), driver);
        new ExecutorPodFeatureStep().init(secrets);
        assertEquals("own", secrets.sparkConf().get(ExecutorPodFeatureStep.PULL_SECRETS));
    }

    @Test
    void withoutADriverPodOrASchedulingObjectNothingChanges() {
        KubernetesExecutorConf conf = new KubernetesExecutorConf(kubernetes(), "spark-app-1", "1", Option.empty(), 0);
        ExecutorPodFeatureStep step = new ExecutorPodFeatureStep();

        step.init(conf);

        assertFalse(conf.sparkConf().contains(ExecutorPodFeatureStep.EXECUTOR_IMAGE));
        SparkPod pod = SparkPod.initialPod();
        assertSame(pod, step.configurePod(pod));
    }

    @Test
    void theBaseNamesThisClassAsAnExecutorFeatureStep() throws IOException, ReflectiveOperationException {
        Properties base = new Properties();
        try (Reader reader = new FileReader("k8s/base/spark.properties")) {
            base.load(reader);
        }
        String steps = base.getProperty("spark.kubernetes.executor.pod.featureSteps", "");

        assertTrue(Arrays.asList(steps.split("\\s*,\\s*")).contains(ExecutorPodFeatureStep.class.getName()), steps);
        // What Spark does with each name: a public no-argument constructor of a step it knows.
        assertTrue(Class.forName(ExecutorPodFeatureStep.class.getName()).getConstructor().newInstance() instanceof KubernetesExecutorCustomFeatureConfigStep);
    }

    static SparkConf kubernetes() {
        return new SparkConf(false).setMaster("k8s://https://kubernetes.default.svc").set("spark.kubernetes.namespace", "payments-etl-dev");
    }

    static KubernetesExecutorConf executorConf(SparkConf settings, Pod driver) {
        return new KubernetesExecutorConf(settings, "spark-app-1", "1", Option.apply(driver), 0);
    }
}
