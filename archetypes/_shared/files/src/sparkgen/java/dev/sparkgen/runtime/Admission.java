package dev.sparkgen.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * The executors' half of a queue's admission, which needs what only the driver knows when it
 * creates them: this run's application id and how many executors make the run. Switched on by the
 * components kueue and yunikorn (k8s/base/components), which set the executors' queue through
 * Spark's own {@code spark.kubernetes.executor.label.*} and {@code annotation.*} settings; this
 * class adds the group to every executor pod, the same on each, so that a scheduler admits the
 * executors of a run together or none of them.
 *
 * <ul>
 *   <li><b>Kueue</b> (plain-pod integration, kueue.sigs.k8s.io/docs/tasks/run/plain_pods/): an
 *       executor labelled {@code kueue.x-k8s.io/queue-name} also gets the label {@code
 *       kueue.x-k8s.io/pod-group-name} (the application id, one group per run) and the annotation
 *       {@code kueue.x-k8s.io/pod-group-total-count}: Kueue admits a pod group once all its
 *       members exist, as one workload. Only with a fixed number of executors: dynamic allocation
 *       changes their number, which a group's count cannot follow (Kueue refuses a pod whose
 *       count differs from its group's), so there each executor is a workload of its own.
 *   <li><b>YuniKorn</b> (gang scheduling, yunikorn.apache.org/docs/user_guide/gang_scheduling/):
 *       an executor scheduled by {@code yunikorn} and annotated with {@code
 *       yunikorn.apache.org/task-group-name} gets {@code yunikorn.apache.org/task-groups}, the
 *       group's definition: that many members of this pod's own size. YuniKorn reserves the whole
 *       group with placeholders before it binds any executor. The members are the fixed
 *       executors, or dynamic allocation's minimum (more are scheduled one by one).
 * </ul>
 *
 * An annotation or label already set (by a team's own settings) is kept. With Kueue the driver pod
 * stays the executors' owner but is no longer their controller (see the code for why).
 */
final class Admission {

    static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";
    static final String KUEUE_GROUP = "kueue.x-k8s.io/pod-group-name";
    static final String KUEUE_COUNT = "kueue.x-k8s.io/pod-group-total-count";
    static final String YUNIKORN = "yunikorn";
    static final String TASK_GROUP = "yunikorn.apache.org/task-group-name";
    static final String TASK_GROUPS = "yunikorn.apache.org/task-groups";

    private Admission() {}

    /** The pod with its admission group, when its labels or scheduler ask for one. */
    static Pod applyTo(Pod pod, Container container, SparkConf settings, String applicationId) {
        // Spark's own steps always give the executor pod metadata; a pod template may not.
        if (pod.getMetadata() == null) {
            return pod;
        }
        Map<String, String> labels = pod.getMetadata().getLabels();
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        PodBuilder result = new PodBuilder(pod);
        boolean changed = false;
        if (labels != null && labels.containsKey(KUEUE_QUEUE)) {
            // Kueue leaves alone a pod whose controller, or its controller's, is a workload it
            // manages already (FindAncestorJobManagedByKueue in pkg/controller/jobframework/
            // reconciler.go, called by the pod webhook: "Do not suspend a Pod whose owner is already
            // managed by Kueue"), and the driver pod is the Kueue-managed Job's: the executors
            // would run unadmitted. The driver pod stays their owner, which is all the garbage
            // collector needs, but not their controller.
            result.editMetadata()
                    .withOwnerReferences(pod.getMetadata().getOwnerReferences().stream()
                            .map(o -> new OwnerReferenceBuilder(o).withController(false).build())
                            .toList())
                    .endMetadata();
            if (!dynamic(settings) && !labels.containsKey(KUEUE_GROUP)) {
                result.editMetadata()
                        .addToLabels(KUEUE_GROUP, applicationId)
                        .addToAnnotations(KUEUE_COUNT, String.valueOf(members(settings)))
                        .endMetadata();
            }
            changed = true;
        }
        String taskGroup = annotations == null ? null : annotations.get(TASK_GROUP);
        if (YUNIKORN.equals(pod.getSpec().getSchedulerName()) && taskGroup != null
                && !annotations.containsKey(TASK_GROUPS)) {
            result.editMetadata().addToAnnotations(TASK_GROUPS, taskGroups(taskGroup, members(settings), container)).endMetadata();
            changed = true;
        }
        return changed ? result.build() : pod;
    }

    static boolean dynamic(SparkConf settings) {
        return settings.getBoolean("spark.dynamicAllocation.enabled", false);
    }

    /** The executors a run needs to start: the fixed ones, or dynamic allocation's minimum. */
    static int members(SparkConf settings) {
        return dynamic(settings)
                ? Math.max(1, settings.getInt("spark.dynamicAllocation.minExecutors", 0))
                : settings.getInt("spark.executor.instances", 2);
    }

    /** YuniKorn's JSON: one task group, each member the size this executor's container requests. */
    static String taskGroups(String name, int members, Container container) {
        StringBuilder resources = new StringBuilder();
        Map<String, Quantity> requests = container.getResources() == null ? null : container.getResources().getRequests();
        if (requests != null) {
            requests.entrySet().stream()
                    .filter(e -> e.getKey().equals("cpu") || e.getKey().equals("memory"))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> resources.append(resources.length() == 0 ? "" : ",")
                            .append('"').append(e.getKey()).append("\":\"").append(e.getValue().toString()).append('"'));
        }
        return "[{\"name\":\"" + name + "\",\"minMember\":" + members + ",\"minResource\":{" + resources + "}}]";
    }
}
