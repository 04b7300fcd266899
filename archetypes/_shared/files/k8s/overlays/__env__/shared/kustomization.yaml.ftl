<#assign local = env.cluster == "local">
<#-- The History Server, commented out; c: the prefix of a comment line, e: of the entry. -->
<#macro historyServer c e>
<#if objectStores.keys?has_content>
[=c]Opt-in: the History Server (the UI of finished runs), reading the event logs from the object
[=c]store the drivers write them to (event-logs-object-store in ../kustomization.yaml): the same
[=c]URI, spark.history.fs.logDirectory in the patch below. It runs the application's image, for
[=c]the connector (images: below), with the driver's credentials and egress (patches below).
[=e]- ../../../base/components/history-server
[=e]- ../../../base/components/history-server-object-store
<#if objectStores.s3a>
[=c]and the keys of Secret [=app.name]-object-store, if the driver has them (object-store-secret):
[=e]- ../../../base/components/history-server-object-store-secret
</#if>
[=c]Or history-server alone: the event logs on a volume (event-logs in ../kustomization.yaml), a
<#else>
[=c]Opt-in: the History Server (the UI of finished runs) and the volume the drivers write their
[=c]event logs to; switch on event-logs in ../kustomization.yaml too. The volume is a
</#if>
[=c]PersistentVolumeClaim that drivers and the History Server mount from any node, so it needs a
[=c]ReadWriteMany storage class (EFS, Filestore, Azure Files, NFS...): on the ReadWriteOnce
[=c]default classes of kind, EKS or GKE the claim stays Pending, and every driver with it. Name
[=c]that class with a patch here (storageClassName of PersistentVolumeClaim spark-events).
<#if !objectStores.keys?has_content>
[=e]- ../../../base/components/history-server
</#if>
</#macro>
<#-- The UI routes, commented out; c: the prefix of a comment line, e: of the entry. -->
<#macro uiRoutes c e>
[=c]Opt-in, with history-server: the History Server at
[=c]https://<host>/[=env.namespace]/[=app.name]-history/ through the cluster's ingress controller
[=c](ingress-nginx), with its patch below (k8s/base/README.md, "The Spark UI behind the ingress").
[=e]- ../../../base/components/history-server-ingress
[=c]Opt-in: the running driver's UI through the platform's Gateway (Gateway API), in place of
[=c]ui-ingress in ../kustomization.yaml: an HTTPRoute, which neither `edit` nor `admin` may create
[=c](k8s/base/README.md says who may apply it), with its patch below and the spark.ui.* lines of
[=c]../spark.properties.
[=e]- ../../../base/components/ui-httproute
</#macro>
# Long-lived objects of the [=env.name] environment of [=app.name], kept apart from the job's own
# (../kustomization.yaml), which skaffold deploys, re-creates and, when `skaffold dev` stops,
# deletes. Nothing here is ever deleted by skaffold: it did not deploy it.
<#if local>
# [=env.name] runs on a cluster you own: skaffold applies this before every deploy (a
# before-deploy hook in skaffold.yaml runs `kubectl apply -k k8s/overlays/[=env.name]/shared`), so
# `skaffold dev` needs no other step.
<#else>
# [=env.name] runs in a namespace of a shared cluster: apply this once, before the first deploy, and
# again when it changes (`sparkgen upgrade` says so): `kubectl apply -k k8s/overlays/[=env.name]/shared`.
# It needs the built-in `admin` role in [=env.namespace] (it holds the driver's Role and RoleBinding);
# a team holding `edit` asks whoever holds `admin` (often the platform team) to apply it, and then
# deploys everything else itself with `skaffold run -p [=env.name]`.
</#if>
# Delete them only on purpose: `kubectl delete -k k8s/overlays/[=env.name]/shared` deletes<#if local> the
# namespace with everything in it<#else> them, the
# event logs too if the History Server is on</#if>.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

namespace: [=env.namespace]
namePrefix: [=app.name]-

components:
  # What the driver may do in [=env.namespace]: its Role and RoleBinding. Creating them needs the
  # built-in `admin` role in the namespace (`edit` may not), so they are here and not in what
  # skaffold applies on every deploy (k8s/base/components/driver-rbac).
  - ../../../base/components/driver-rbac
<#if local>
  # You own the namespace: create it, enforcing Pod Security "restricted", with a quota and
  # default container limits.
  - ../../../base/components/namespace
<@historyServer c="  # " e="  # "/>
<@uiRoutes c="  # " e="  # "/>
<#else>
  # The platform team creates [=env.namespace]. To add a long-lived object, uncomment what you need:
  # # if your team may create its own namespace
  # - ../../../base/components/namespace
<@historyServer c="  # # " e="  # "/>
<@uiRoutes c="  # # " e="  # "/>
</#if>

patches:
  # The RoleBinding's subject: the driver's ServiceAccount, which ../kustomization.yaml creates under
  # this name (it is not here, so Kustomize cannot rename the reference itself).
  - target:
      kind: RoleBinding
      name: driver
    patch: |-
      - op: replace
        path: /subjects/0/name
        value: [=app.name]-driver
      - op: add
        path: /subjects/0/namespace
        value: [=env.namespace]
  # The HTTPRoute's backend (component ui-httproute, above; without it this changes nothing): the
  # driver's Service, which ../kustomization.yaml creates under this name.
  - target:
      kind: HTTPRoute
      name: driver-ui
    patch: |-
      - op: replace
        path: /spec/rules/0/backendRefs/0/name
        value: [=app.name]-driver-svc
<#if env.migration.quota?has_content>
  # The namespace's quota, raised to hold the driver and every executor of the Standalone
  # submission's size at once (MIGRATION.md).
  - target:
      kind: ResourceQuota
      name: quota
    patch: |-
<#list env.migration.quota as q>
      - op: replace
        path: /spec/hard/[=q.resource]
        value: "[=q.value]"
</#list>
</#if>

# With history-server-ingress or ui-httproute (components above): the host and the path (for the
# driver's UI the same as spark.ui.proxyBase in ../spark.properties), the platform's Gateway, and
# the namespace of the ingress controller or of the Gateway, which alone may reach the UI port.
# Add the entries you need under patches: above.
#   - target:
#       kind: Ingress
#       name: history-server
#     patch: |-
#       - op: replace
#         path: /spec/rules/0/host
#         value: spark.example.com
#       - op: replace
#         path: /spec/rules/0/http/paths/0/path
#         value: /[=env.namespace]/[=app.name]-history(/|$)(.*)
#   - target:
#       kind: Deployment
#       name: history-server
#     patch: |-
#       apiVersion: apps/v1
#       kind: Deployment
#       metadata:
#         name: history-server
#       spec:
#         template:
#           spec:
#             containers:
#               - name: history-server
#                 env:
#                   - name: SPARK_HISTORY_OPTS
#                     value: "-Dspark.ui.proxyBase=/[=env.namespace]/[=app.name]-history -Dspark.ui.proxyRedirectUri=/"
#   - target:
#       kind: NetworkPolicy
#       name: history-server-ingress
#     patch: |-
#       - op: replace
#         path: /spec/ingress/0/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name
#         value: ingress-nginx
#   - target:
#       kind: HTTPRoute
#       name: driver-ui
#     patch: |-
#       - op: replace
#         path: /spec/parentRefs/0
#         value: {group: gateway.networking.k8s.io, kind: Gateway, name: platform-gateway, namespace: gateway-system}
#       - op: replace
#         path: /spec/hostnames/0
#         value: spark.example.com
#       - op: replace
#         path: /spec/rules/0/matches/0/path/value
#         value: /[=env.namespace]/[=app.name]
#   - target:
#       kind: NetworkPolicy
#       name: driver-ui-gateway
#     patch: |-
#       - op: replace
#         path: /spec/ingress/0/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name
#         value: gateway-system

<#if env.migration.historyServer?has_content>
# The History Server's settings from the Standalone submission (MIGRATION.md): uncomment with the
# component history-server above. The event logs are where the drivers write them, so the
# server's volume holds nothing but can be given the smallest size.
# Add this entry under patches: above.
#   - target:
#       kind: ConfigMap
#       name: history-server-conf
#     patch: |-
#       - op: replace
#         path: /data/history-server.properties
#         value: |
<#list env.migration.historyServer as line>
#           [=line]
</#list>

</#if>
<#if objectStores.keys?has_content>
# The History Server on the object store (history-server-object-store above), as the driver:
# where the drivers write (spark.eventLog.dir and spark.driver.log.dfsDir in ../spark.properties,
# the same URIs), the cloud identity of its account history-server (the driver's annotation; for
# IRSA, S3A's web-identity provider too, and the store's other settings of ../spark.properties:
# region, endpoint), on GKE the metadata server, and egress narrowed as object-store-egress's.
<#-- A migrated History Server has its log directory in the settings above. -->
<#assign migratedHistory = env.migration.historyServer?has_content>
# Add these entries under patches: above.
<#if !migratedHistory || objectStores.s3a>
#   - target:
#       kind: ConfigMap
#       name: history-server-conf
#     patch: |-
#       apiVersion: v1
#       kind: ConfigMap
#       metadata:
#         name: history-server-conf
#       data:
<#if !migratedHistory>
#         spark.history.fs.logDirectory: [=objectStores.s3a?then('s3a', 'gs')]://my-bucket/spark-events/[=env.name]
#         spark.driver.log.dfsDir: [=objectStores.s3a?then('s3a', 'gs')]://my-bucket/spark-events/[=env.name]/driver-logs
</#if>
<#if objectStores.s3a>
#         spark.hadoop.fs.s3a.aws.credentials.provider: [=spark.s3aWebIdentityProvider]
</#if>
</#if>
#   - target:
#       kind: ServiceAccount
#       name: history-server
#     patch: |-
#       apiVersion: v1
#       kind: ServiceAccount
#       metadata:
#         name: history-server
#         annotations:
<#if objectStores.s3a>
#           eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/[=env.namespace]
</#if>
<#if objectStores.gcs>
#           iam.gke.io/gcp-service-account: spark-jobs@my-project.iam.gserviceaccount.com
</#if>
<#if objectStores.gcs>
#   - target:
#       kind: NetworkPolicy
#       name: history-server-object-store
#     patch: |-
#       - op: add
#         path: /spec/egress/-
#         value:
#           to:
#             - ipBlock:
#                 cidr: 169.254.169.254/32
#           ports:
#             - port: 80
#               protocol: TCP
</#if>
#   - target:
#       kind: NetworkPolicy
#       name: history-server-object-store
#     patch: |-
#       - op: replace
#         path: /spec/egress/0/to
#         value:
#           - ipBlock:
#               cidr: 10.0.64.0/24

</#if>
labels:
  - pairs:
      app.kubernetes.io/name: "[=app.name]"
    includeSelectors: true
  - pairs:
      app.kubernetes.io/instance: "[=env.namespace]"
    includeTemplates: true

# The History Server runs the image the application is built on (pom.xml, spark.base.image): the
# same Spark as the jobs whose logs it reads, and not replaced by every build of the job.
images:
  - name: [=image.placeholder]
    newName: "[=spark.baseImageName]"
<#if spark.baseImageTag?has_content>
    newTag: "[=spark.baseImageTag]"
</#if>
<#if spark.baseImageDigest?has_content>
    digest: "[=spark.baseImageDigest]"
</#if>
<#if objectStores.keys?has_content>
# With history-server-object-store, the application's image instead of the entry above: its
# /opt/spark/app/libs has the connector (pom.xml). A released tag, not one every build replaces.
#   - name: [=image.placeholder]
#     newName: "[=image.repository]"
#     newTag: "1.0.0"
</#if>
