<#assign local = env.cluster == "local">
<#assign history = env.features.historyServer>
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
# Delete them only on purpose: `kubectl delete -k k8s/overlays/[=env.name]/shared`<#if local> deletes the
# namespace with everything in it<#elseif history> deletes the event logs</#if>.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

namespace: [=env.namespace]
namePrefix: [=app.name]-

<#if local || history>
components:
<#if local>
  # You own the namespace: create it, enforcing Pod Security "restricted", with a quota and
  # default container limits.
  - ../../../base/components/namespace
<#else>
  # Uncomment if your team may create its own namespace (else the platform team creates it).
  # - ../../../base/components/namespace
</#if>
<#if history>
  # The History Server and the event-log volume the drivers write to (component event-logs in
  # ../kustomization.yaml). The volume needs a ReadWriteMany storage class.
  - ../../../base/components/history-server
<#else>
  # The History Server and its event-log volume; switch on event-logs in ../kustomization.yaml too.
  # - ../../../base/components/history-server
</#if>
<#else>
# Nothing here yet: the platform team creates [=env.namespace]. To add a long-lived object,
# uncomment `components:` and what you need:
# components:
#   # if your team may create its own namespace
#   - ../../../base/components/namespace
#   # the History Server and its event-log volume (with event-logs in ../kustomization.yaml)
#   - ../../../base/components/history-server
</#if>

labels:
  - pairs:
      app.kubernetes.io/name: "[=app.name]"
    includeSelectors: true
  - pairs:
      app.kubernetes.io/instance: "[=env.namespace]"
    includeTemplates: true

# The History Server runs the official image the application is built on: the same Spark as the
# jobs whose logs it reads, and not replaced by every build of the job.
images:
  - name: spark-app
    newName: "[=spark.baseImage?keep_before_last(":")]"
    newTag: "[=spark.baseImage?keep_after_last(":")]"
