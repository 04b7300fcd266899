<#-- Names of the Services the port forwards reach: they must match k8s/base as the overlays render it. -->
<#assign driverService = names.driverService>
<#assign job = names.job>
<#-- Where the post-render hook saves environment e's Job as skaffold rendered it. -->
<#function renderedJob e><#return 'target/skaffold/' + e.name + '-job.yaml'></#function>
<#-- manifests of environment e, indented by pad: its overlay, and a post-render hook that saves the
     rendered Job (image tag included) for the before-deploy hook. A profile's manifests.hooks
     would otherwise inherit the top level's, which names another environment's file. -->
<#macro manifests e pad full>
[=pad]kustomize:
[=pad]  paths:
[=pad]    - "k8s/overlays/[=e.name]"
<#if full>
[=pad]# After rendering, skaffold gives the manifests, image tags in, to this hook on stdin: the Job's
[=pad]# document is kept in target/ for the before-deploy hook below.
</#if>
[=pad]hooks:
[=pad]  after:
[=pad]    - host:
[=pad]        command:
[=pad]          - sh
[=pad]          - -c
[=pad]          - |
[=pad]            mkdir -p target/skaffold
[=pad]            awk '/^---/ { if (job) printf "%s", doc; doc = ""; job = 0; next }
[=pad]                 { doc = doc $0 "\n" }
[=pad]                 /^kind: Job$/ { job = 1 }
[=pad]                 END { if (job) printf "%s", doc }' > [=renderedJob(e)]
</#macro>
<#-- deploy.kubectl of environment e, indented by pad, explained when full: a profile replaces
     deploy.kubectl whole, so each profile repeats it for its own namespace. -->
<#macro kubectl e pad full>
[=pad]kubectl:
[=pad]  hooks:
[=pad]    before:
<#if e.cluster == "local">
<#if full>
[=pad]      # [=e.name] runs on a cluster you own: create or update its long-lived objects with plain
[=pad]      # kubectl (k8s/overlays/[=e.name]/shared). Skaffold did not deploy them: it never deletes them.
</#if>
[=pad]      - host:
[=pad]          command:
[=pad]            - sh
[=pad]            - -c
[=pad]            - 'kubectl apply -k k8s/overlays/[=e.name]/shared --context "$SKAFFOLD_KUBE_CONTEXT"'
</#if>
<#assign deleteJob = 'kubectl delete job ' + job + ' --namespace ' + e.namespace + ' --context "$SKAFFOLD_KUBE_CONTEXT" --ignore-not-found --cascade=foreground --wait'>
<#if full && !e.features.promoted>
[=pad]      # A Job's pod template is immutable: a changed Job is deleted, its pods first, so that the
[=pad]      # apply creates it anew and the job runs again. Only when it changed: skaffold re-applies
[=pad]      # only what differs from its previous deploy in the session, so a save that leaves the Job
[=pad]      # as it was (kustomization.yaml touched, a NetworkPolicy edited) keeps it. The hook asks
[=pad]      # the API server (kubectl diff: exit 0 same, 1 accepted change, more refused) about the
[=pad]      # Job skaffold just rendered (saved by the post-render hook); a Job of an earlier session
[=pad]      # is always replaced, as skaffold applies everything anew. No --force on apply, which
[=pad]      # would delete and re-create ANY object whose change is refused (a volume claim, say).
</#if>
<#if full && e.features.promoted>
[=pad]      # A Job's pod template is immutable: delete the Job, its pods first, so that the apply
[=pad]      # creates it anew and the job runs again. Only the Job: no --force on apply, which would
[=pad]      # delete and re-create ANY object whose change is refused (a volume claim, say).
</#if>
<#if e.features.promoted && full>
[=pad]      # [=e.name] is promoted to, not developed in: a deploy never kills a run in progress. While the
[=pad]      # Job has an active pod the hook fails, and skaffold with it, saying what to do.
</#if>
[=pad]      - host:
[=pad]          command:
[=pad]            - sh
[=pad]            - -c
<#if e.features.promoted>
[=pad]            - 'active=$(kubectl get job [=job] --namespace [=e.namespace] --context "$SKAFFOLD_KUBE_CONTEXT" --ignore-not-found -o jsonpath="{.status.active}") || exit 1; if [ "${active:-0}" != 0 ]; then echo "[=job] is running in [=e.namespace]: this deploy would kill it. Wait until it ends (kubectl get job [=job] -n [=e.namespace]) or stop it on purpose (kubectl delete job [=job] -n [=e.namespace]), then deploy again." >&2; exit 1; fi; [=deleteJob]'
<#else>
[=pad]            - |
[=pad]              k() { kubectl --namespace [=e.namespace] --context "$SKAFFOLD_KUBE_CONTEXT" "$@"; }
[=pad]              run=$(k get job [=job] --ignore-not-found -o jsonpath='{.metadata.labels.skaffold\.dev/run-id}') || exit 1
[=pad]              if [ -n "$run" ] && [ "$run" = "$SKAFFOLD_RUN_ID" ] && [ -s [=renderedJob(e)] ]; then
[=pad]                k diff -f [=renderedJob(e)] >/dev/null 2>&1
[=pad]                if [ $? -le 1 ]; then exit 0; fi
[=pad]              fi
[=pad]              k delete job [=job] --ignore-not-found --cascade=foreground --wait
</#if>
[=pad]    after:
<#if full>
[=pad]      # The job's ConfigMaps are named by a hash of their content (k8s/base/kustomization.yaml):
[=pad]      # each settings change makes new ones and leaves the old ones, which skaffold never deletes.
[=pad]      # Delete those no Job or CronJob of [=app.name] names any more, so that a hundred changes
[=pad]      # stay within the namespace's quota and stopping `skaffold dev` leaves none behind.
</#if>
[=pad]      - host:
[=pad]          command:
[=pad]            - sh
[=pad]            - -c
[=pad]            - 'k() { kubectl --namespace [=e.namespace] --context "$SKAFFOLD_KUBE_CONTEXT" "$@"; }; used=$(k get jobs,cronjobs -l app.kubernetes.io/name=[=app.name] -o jsonpath="{..configMap.name} {..configMapKeyRef.name}") || exit 1; set -- $used; [ $# -gt 0 ] || exit 0; cms=$(k get configmaps -l sparkgen.dev/job-config,app.kubernetes.io/name=[=app.name] -o name) || exit 1; for cm in $cms; do case " $used " in *" ${cm#configmap/} "*) ;; *) k delete "$cm" --ignore-not-found || exit 1 ;; esac; done'
</#macro>
# Skaffold for [=app.name]: `skaffold dev` builds the image with Jib, deploys the overlay of an
# environment, re-runs the job on every change, streams the driver and executor logs and forwards
# the Spark UI. `skaffold run -p <env>` promotes. Generated by sparkgen [=generator.version].
# Environments: <#list envs as e>[=e.name]<#sep>, </#list> (profiles below); [=defaultEnv.name] is the default.
apiVersion: [=skaffold.apiVersion]
kind: Config
metadata:
  name: "[=app.name]"
build:
  artifacts:
    # The Jib Maven plugin builds the image: apache/spark plus the application jar, no Dockerfile
    # (see pom.xml). Skaffold runs "./mvnw ... prepare-package jib:build" (jib:dockerBuild when not
    # pushing); pom.xml builds the jar in prepare-package, so the image always holds the current code.
    # The manifests name this image; skaffold replaces each mention with the tag it just built, and
    # the executors run the driver's own image (k8s/base/README.md, "One image").
    - image: "[=image.repository]"
      jib:
        type: maven
  # The tag is a digest of the sources: the same code gives the same tag (nothing to re-run), a
  # changed line a new tag, which changes the Job and so re-runs it.
  tagPolicy:
    inputDigest: {}
<#if defaultEnv.cluster == "local">
  # [=defaultEnv.name] runs on a cluster you own: push is left to skaffold, which loads the image into
  # kind or minikube (or Docker Desktop, k3d) and pushes to any other cluster. Environments on
  # shared clusters always push (profiles below).
  local: {}
<#else>
  # [=defaultEnv.name] runs on a shared cluster, which pulls from a registry: always push.
  local:
    push: true
</#if>
manifests:
<@manifests e=defaultEnv pad="  " full=true/>
# Skaffold applies k8s/overlays/<env> and, when `skaffold dev` stops, deletes what it applied:
# only the job's own objects. What must survive (k8s/overlays/<env>/shared) is never applied by
# skaffold itself. The hooks run at the repository root, with kubectl on PATH.
deploy:
<@kubectl e=defaultEnv pad="  " full=true/>
  # Skaffold's status check waits for Deployments, not for Jobs: the job's result is in its log
  # (streamed below) and in `kubectl get job`.
  statusCheck: true
portForward:
  # The Spark UI of the running driver (http://localhost:4040), while the job runs.
  - resourceType: service
    resourceName: "[=driverService]"
    namespace: "[=defaultEnv.namespace]"
    port: 4040
    localPort: 4040
  # The History Server is opt-in (k8s/overlays/<env>/shared/); once it runs:
  # kubectl -n <namespace> port-forward svc/[=names.historyService] 18080:18080
profiles:
<#list envs as e>
  # [=e.name]: namespace [=e.namespace], overlay k8s/overlays/[=e.name]. `skaffold <dev|run> -p [=e.name]`
  - name: "[=e.name]"
<#if e.cluster != "local">
    build:
      # A shared cluster pulls from a registry: always push (to `--default-repo` if given).
      local:
        push: true
</#if>
    manifests:
<@manifests e=e pad="      " full=false/>
    deploy:
      # The hooks above, for [=e.namespace].
<@kubectl e=e pad="      " full=false/>
    portForward:
      - resourceType: service
        resourceName: "[=driverService]"
        namespace: "[=e.namespace]"
        port: 4040
        localPort: 4040
</#list>
