# Spark settings of [=app.name] in [=env.name], on top of k8s/base/spark.properties and the
# components switched on in kustomization.yaml: a setting here wins. Applied when the job starts.

# Names this overlay gives the base's objects (namespace [=env.namespace], prefix [=app.name]-).
spark.kubernetes.authenticate.executor.serviceAccountName=[=app.name]-executor
spark.kubernetes.executor.label.app.kubernetes.io/name=[=app.name]
spark.kubernetes.executor.label.app.kubernetes.io/instance=[=env.namespace]

<#if env.tier == "dev">
# Small and static: two executors for the whole run.
spark.dynamicAllocation.enabled=false
spark.executor.instances=2
spark.executor.cores=1
spark.executor.memory=1g
spark.executor.memoryOverhead=512m
spark.kubernetes.executor.request.cores=500m
spark.kubernetes.executor.limit.cores=1
# Both executors in one allocation round (rounds are spark.kubernetes.allocation.batch.delay apart).
spark.kubernetes.allocation.batch.size=2
<#elseif env.tier == "staging">
# Dynamic allocation (component dynamic-allocation) between 1 and 4 executors.
spark.dynamicAllocation.minExecutors=1
spark.dynamicAllocation.initialExecutors=1
spark.dynamicAllocation.maxExecutors=4
spark.executor.cores=1
spark.executor.memory=2g
spark.executor.memoryOverhead=512m
spark.kubernetes.executor.request.cores=1
spark.kubernetes.executor.limit.cores=1
# Scaling to maxExecutors in one allocation round (rounds are spark.kubernetes.allocation.batch.delay apart).
spark.kubernetes.allocation.batch.size=4
<#else>
# Dynamic allocation (component dynamic-allocation) between 2 and 20 executors, decommissioned
# gracefully; event logs for the History Server (component event-logs; the server is in shared/).
spark.dynamicAllocation.minExecutors=2
spark.dynamicAllocation.initialExecutors=2
spark.dynamicAllocation.maxExecutors=20
spark.executor.cores=2
spark.executor.memory=4g
spark.executor.memoryOverhead=1g
spark.kubernetes.executor.request.cores=2
spark.kubernetes.executor.limit.cores=2
# Scaling to maxExecutors in one allocation round: the default batch, 10, would take two rounds
# spark.kubernetes.allocation.batch.delay (1 s) apart.
spark.kubernetes.allocation.batch.size=20
</#if>
