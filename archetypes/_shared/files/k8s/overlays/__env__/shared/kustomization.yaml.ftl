<#assign local = env.cluster == "local">
<#-- The History Server, commented out; c: the prefix of a comment line, e: of the entry. -->
<#macro historyServer c e>
[=c]Opt-in: the History Server (the UI of finished runs) and the volume the drivers write their
[=c]event logs to; switch on event-logs in ../kustomization.yaml too. The volume is a
[=c]PersistentVolumeClaim that drivers and the History Server mount from any node, so it needs a
[=c]ReadWriteMany storage class (EFS, Filestore, Azure Files, NFS...): on the ReadWriteOnce
[=c]default classes of kind, EKS or GKE the claim stays Pending, and every driver with it. Name
[=c]that class with a patch here (storageClassName of PersistentVolumeClaim spark-events).
[=e]- ../../../base/components/history-server
</#macro>
# Long-lived objects of the [=env.name] environment of [=app.name], kept apart from the job's own
# (../kustomization.yaml), which skaffold deploys, re-creates and, when `skaffold dev` stops,
# deletes. Nothing here is ever deleted by skaffold: it did not deploy it.
<#if local>
# [=env.name] runs on a cluster you own: skaffold applies this before every deploy (a
# before-deploy hook in skaffold.yaml runs `kubectl apply -k k8s/overlays/[=env.name]/shared`), so
# `skaffold dev` needs no other step.
<#else>
# [=env.name] runs in a namespace of a shared cluster: apply this once, before the first deploy
# (you or whoever may create these objects): `kubectl apply -k k8s/overlays/[=env.name]/shared`.
</#if>
# Delete them only on purpose: `kubectl delete -k k8s/overlays/[=env.name]/shared` deletes<#if local> the
# namespace with everything in it<#else> them, the
# event logs too if the History Server is on</#if>.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

namespace: [=env.namespace]
namePrefix: [=app.name]-

<#if local>
components:
  # You own the namespace: create it, enforcing Pod Security "restricted", with a quota and
  # default container limits.
  - ../../../base/components/namespace
<@historyServer c="  # " e="  # "/>
<#else>
# Nothing here yet: the platform team creates [=env.namespace]. To add a long-lived object,
# uncomment `components:` and what you need:
# components:
#   # if your team may create its own namespace
#   - ../../../base/components/namespace
<@historyServer c="#   # " e="#   "/>
</#if>

<#if env.migration.quota?has_content>
# The namespace's quota, raised to hold the driver and every executor of the Standalone
# submission's size at once (MIGRATION.md).
patches:
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
<#if env.migration.historyServer?has_content>
# The History Server's settings from the Standalone submission (MIGRATION.md): uncomment with the
# component history-server above. The event logs are where the drivers write them, so the
# server's volume holds nothing but can be given the smallest size.
<#if env.migration.quota?has_content>
# Add this entry under patches: above.
<#else>
# patches:
</#if>
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
  - name: spark-app
    newName: "[=spark.baseImageName]"
<#if spark.baseImageTag?has_content>
    newTag: "[=spark.baseImageTag]"
</#if>
<#if spark.baseImageDigest?has_content>
    digest: "[=spark.baseImageDigest]"
</#if>
