# Spark settings of [=app.name] in [=env.name], on top of k8s/base/spark.properties and the
# components switched on in kustomization.yaml: a setting here wins. Applied when the job starts.

# Names this overlay gives the base's objects (namespace [=env.namespace], prefix [=app.name]-).
spark.kubernetes.authenticate.executor.serviceAccountName=[=app.name]-executor
spark.kubernetes.executor.label.app.kubernetes.io/name=[=app.name]
spark.kubernetes.executor.label.app.kubernetes.io/instance=[=env.namespace]
# Where the executors run (k8s/base/executor-scheduling.yaml, patched in kustomization.yaml).
spark.sparkgen.executor.scheduling=[=app.name]-executor-scheduling

# The executors' node pool in [=env.name] (one line per node label), or nodeSelector in the
# executor-scheduling patch of kustomization.yaml, with their tolerations and priority; the
# driver's is in kustomization.yaml too (patches).
# spark.kubernetes.executor.node.selector.node-pool=spark

<#assign x = env.executors>
<#if !x.dynamic>
# Small and static: [=x.min] executors for the whole run.
spark.dynamicAllocation.enabled=false
spark.executor.instances=[=x.min]
<#else>
# Dynamic allocation (component dynamic-allocation) between [=x.min] and [=x.max] executors, decommissioned
# gracefully<#if env.features.eventLogs>; event logs for the History Server (component event-logs; the server is in shared/)</#if>.
spark.dynamicAllocation.minExecutors=[=x.min]
spark.dynamicAllocation.initialExecutors=[=x.initial]
spark.dynamicAllocation.maxExecutors=[=x.max]
</#if>
spark.executor.cores=[=x.cores]
spark.executor.memory=[=x.memory]
spark.executor.memoryOverhead=[=x.memoryOverhead]
spark.kubernetes.executor.request.cores=[=x.requestCores]
spark.kubernetes.executor.limit.cores=[=x.limitCores]
# All [=x.max] executors in one allocation round (rounds are spark.kubernetes.allocation.batch.delay apart).
spark.kubernetes.allocation.batch.size=[=x.max]
<#if env.migration.properties?has_content>

# From the Standalone submission, kept or translated (MIGRATION.md says which and why).
<#list env.migration.properties as line>
[=line]
</#list>
</#if>
