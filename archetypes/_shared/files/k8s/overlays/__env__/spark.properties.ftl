# Spark settings of [=app.name] in [=env.name], on top of k8s/base/spark.properties and the
# components switched on in kustomization.yaml: a setting here wins. Applied when the job starts.

# Names this overlay gives the base's objects (namespace [=env.namespace], prefix [=app.name]-).
spark.kubernetes.authenticate.executor.serviceAccountName=[=app.name]-executor
spark.kubernetes.executor.label.app.kubernetes.io/name=[=app.name]
spark.kubernetes.executor.label.app.kubernetes.io/instance=[=env.namespace]

# The Spark UI behind the platform's door (component ui-ingress in kustomization.yaml, or
# ui-httproute in shared/): every link and redirect of the UI under the path the Ingress or the
# HTTPRoute strips. Then `kubectl port-forward` shows pages whose links lead under that path.
# spark.ui.proxyBase=/[=env.namespace]/[=app.name]
# spark.ui.proxyRedirectUri=/

# The executors' node pool in [=env.name] (one line per node label), or nodeSelector in
# executor-scheduling.yaml here, with their tolerations and priority; the driver's is in
# kustomization.yaml (patches).
# spark.kubernetes.executor.node.selector.node-pool=spark

<#assign x = env.executors>
<#if !x.dynamic>
# Small and static: [=x.min] executors for the whole run.
spark.dynamicAllocation.enabled=false
spark.executor.instances=[=x.min]
<#else>
# Dynamic allocation (component dynamic-allocation) between [=x.min] and [=x.max] executors, decommissioned
# gracefully.
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

<#if !objectStores.keys?has_content>
# Object stores: no connector in the image. `sparkgen upgrade --object-store s3a` (or gcs) adds one
# to pom.xml and its settings here (k8s/base/README.md, "Data access").
<#else>
# Data access: how [=env.name] authenticates to the object store whose connector the image has
# (pom.xml). Uncomment one way per store (k8s/base/README.md, "Data access").
</#if>
<#if objectStores.s3a>
# s3a:// as the IAM role of the accounts' eks.amazonaws.com/role-arn (EKS IRSA: the ServiceAccount
# patch in kustomization.yaml), from the token file EKS projects; not in S3A's default chain.
# spark.hadoop.fs.s3a.aws.credentials.provider=[=spark.s3aWebIdentityProvider]
# s3a:// with the keys of Secret [=app.name]-object-store: component object-store-secret hands them to
# the driver, and these lines make Spark hand them to the executors it creates.
# spark.hadoop.fs.s3a.aws.credentials.provider=[=spark.s3aEnvironmentProvider]
# spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID=[=app.name]-object-store:AWS_ACCESS_KEY_ID
# spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY=[=app.name]-object-store:AWS_SECRET_ACCESS_KEY
# The bucket's region; for an S3-compatible store (MinIO, Ceph), its endpoint and path-style URLs.
# spark.hadoop.fs.s3a.endpoint.region=eu-west-1
# spark.hadoop.fs.s3a.endpoint=https://minio.example.com
# spark.hadoop.fs.s3a.path.style.access=true
</#if>
<#if objectStores.keys?has_content && !env.migration.properties?filter(l -> l?starts_with("spark.eventLog.dir="))?has_content>
# The event log's directory, with component event-logs-object-store: the URI the History Server
# reads too (spark.history.fs.logDirectory in shared/kustomization.yaml), the same in both files.
# spark.eventLog.dir=[=objectStores.s3a?then('s3a', 'gs')]://my-bucket/spark-events/[=env.name]
# The driver's log, beside the event logs in a directory of its own (spark.driver.log.dfsDir in
# shared/kustomization.yaml too, whose History Server deletes it with the event logs).
# spark.driver.log.dfsDir=[=objectStores.s3a?then('s3a', 'gs')]://my-bucket/spark-events/[=env.name]/driver-logs
</#if>
<#if objectStores.gcs>
# gs:// as the Google service account of the accounts' iam.gke.io/gcp-service-account (GKE Workload
# Identity: the ServiceAccount patch and component workload-identity-gke): the connector asks the
# metadata server by default, so nothing is set here.
</#if>
