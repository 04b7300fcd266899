package dev.sparkgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the scheduling object's fields are merged into an executor pod as Spark built it. */
class ExecutorSchedulingTest {

    static final Toleration SPARK_NODES = new Toleration("NoSchedule", "dedicated", "Equal", null, "spark");
    static final Toleration TEMPLATE_TOLERATION = new Toleration("NoExecute", "other", "Exists", null, null);

    @Test
    void addsTheObjectsSchedulingToWhatSparkAndTheTemplateSet() {
        Pod executor = new PodBuilder()
                .withNewMetadata().withName("payments-etl-exec-1").endMetadata()
                .withNewSpec()
                    .withServiceAccountName("payments-etl-executor")
                    .addToNodeSelector("node-pool", "from-spark").addToNodeSelector("zone", "a")
                    .addToTolerations(TEMPLATE_TOLERATION)
                    .addNewContainer().withName("executor").withImage("job@sha256:x").endContainer()
                .endSpec().build();
        TopologySpreadConstraint spread = new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey("topology.kubernetes.io/zone")
                .withWhenUnsatisfiable("ScheduleAnyway").withNewLabelSelector().addToMatchLabels("spark-role", "executor").endLabelSelector().build();
        PodSpec scheduling = new PodSpecBuilder()
                .addToNodeSelector("node-pool", "spark")
                .addToTolerations(SPARK_NODES)
                .addToTopologySpreadConstraints(spread)
                .withAffinity(nodeAffinity("spark"))
                .withPriorityClassName("spark-batch")
                // Set by the API server's defaults, or by a patch: never taken.
                .withRestartPolicy("Always").withSchedulerName("default-scheduler").withRuntimeClassName("gvisor")
                .addNewContainer().withName("executor").withImage("placeholder").endContainer()
                .build();

        PodSpec merged = ExecutorScheduling.applyTo(executor, scheduling).getSpec();

        assertEquals(Map.of("node-pool", "spark", "zone", "a"), merged.getNodeSelector());
        assertEquals(List.of(TEMPLATE_TOLERATION, SPARK_NODES), merged.getTolerations());
        assertEquals(List.of(spread), merged.getTopologySpreadConstraints());
        assertEquals(nodeAffinity("spark"), merged.getAffinity());
        assertEquals("spark-batch", merged.getPriorityClassName());
        assertNull(merged.getRestartPolicy());
        assertNull(merged.getSchedulerName());
        assertNull(merged.getRuntimeClassName());
        assertEquals("payments-etl-executor", merged.getServiceAccountName());
        assertEquals(List.of("job@sha256:x"), merged.getContainers().stream().map(c -> c.getImage()).toList());
    }

    @Test
    void eachKindOfAffinityTheObjectSetsReplacesThePodsAndTheOthersStay() {
        Affinity own = new AffinityBuilder(nodeAffinity("template"))
                .withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(1)
                    .withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname").endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build();
        Pod executor = new PodBuilder().withNewSpec().withAffinity(own).endSpec().build();

        Affinity merged = ExecutorScheduling.applyTo(executor, new PodSpecBuilder().withAffinity(nodeAffinity("spark")).build()).getSpec().getAffinity();

        assertEquals(nodeAffinity("spark").getNodeAffinity(), merged.getNodeAffinity());
        assertEquals(own.getPodAntiAffinity(), merged.getPodAntiAffinity());
    }

    @Test
    void anEmptySchedulingObjectChangesNothing() {
        Pod executor = new PodBuilder().withNewSpec().addToTolerations(TEMPLATE_TOLERATION).withPriorityClassName("template").endSpec().build();

        assertEquals(executor, ExecutorScheduling.applyTo(executor, new PodSpec()));
    }

    static Affinity nodeAffinity(String pool) {
        return new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("node-pool").withOperator("In").withValues(pool).endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build();
    }
}
