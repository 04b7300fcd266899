# Running [=app.name] on Kubernetes

This project was adopted by `sparkgen init` (sparkgen [=generator.version]): it runs on Kubernetes
with plain `spark-submit`, no operator, no CRD. Your code, tests and README are as they were;
sparkgen added what this file describes. Link it from your README.

| What | Where |
| --- | --- |
| The job | `[=app.mainClass]`, from this project's jar |
| Build and image (Jib on `[=spark.baseImage]`) | `pom.xml`, edited by `sparkgen init` (see `git log -p pom.xml`) |
| Kubernetes manifests | `k8s/base/` (platform base, explained in `k8s/base/README.md`), `k8s/overlays/<env>/` (the job), `k8s/overlays/<env>/shared/` (what outlives it) |
| Dev loop and promotion | `skaffold.yaml` |
| sparkgen's executor feature step: the executors run the driver's image, placed as the overlay says | `src/sparkgen/java/` (kept current by `sparkgen upgrade`; `k8s/base/README.md`, "One image") |
| What sparkgen generated | `.sparkgen.yaml` (do not edit), branch `sparkgen-pristine` (see "Keep it current") |
<#if migration.active>
| What became of each Spark Standalone setting, and what is left to do | `MIGRATION.md` |
</#if>

Environments: <#list envs as e>`[=e.name]` (namespace `[=e.namespace]`, [=e.cluster] cluster)<#sep>, </#sep></#list>.
<#if migration.active>

**Coming from Spark Standalone:** `MIGRATION.md` lists every setting of the submission once, with
what became of it; work through its rows marked **needs action** before the first run.
</#if>

## Build

```sh
./mvnw verify                               # your build and tests, as before
./mvnw prepare-package jib:buildTar         # the image as target/jib-image.tar, without Docker
```

Spark (and Scala) are `provided`: the image `[=spark.baseImage]` supplies them at run time. Jib
puts your jar alone at `/opt/spark/app/classpath/app.jar` (one small layer per change) and your
runtime dependencies in `/opt/spark/app/libs/`, which `k8s/base/spark.properties` puts on the
driver's and the executors' class paths.

`./mvnw verify` also runs sparkgen's packaged-layout check (`src/sparkgen/check/`, after your
tests; `-DskipTests` skips both): Spark in local-cluster mode, with executors in JVMs of their own
that see what they would see in the image (Spark's jars, your jar, `/opt/spark/app/libs`). A class
your jar names that they cannot load fails the build: typically a dependency declared `provided`
that the image does not have (on Standalone, `--packages` or `--jars` supplied it). Make it a
compile dependency.

## Develop with `skaffold dev`

Skaffold 2.15 or newer and kubectl, at the project's root:

```sh
skaffold dev                  # the [=defaultEnv.name] environment (namespace [=defaultEnv.namespace])
skaffold dev --skip-tests     # a faster loop: the tests do not run on each rebuild
```

On every save of the code skaffold builds the image (`./mvnw prepare-package jib:dockerBuild`, or
`jib:build` where it pushes); on that and on every save of a file the overlay reads
(`spark.properties`, `executor-scheduling.yaml`, `kustomization.yaml`), it deletes the Job
`[=names.job]` (a Job cannot be changed in place), applies what changed in `k8s/overlays/<env>`,
which runs the job again when its image or settings changed, deletes the job's ConfigMaps of
earlier settings (an after-deploy hook) and streams the driver's and the executors' logs.
Ctrl-C deletes what it applied, never `k8s/overlays/<env>/shared/` (the namespace, the History
Server). A local environment (kind, minikube) gets `shared/` applied by skaffold itself; for a
shared one, apply it once: `kubectl apply -k k8s/overlays/<env>/shared`.<#if !registry?has_content> Shared clusters pull
from a registry: pass `--default-repo=registry.example.com/team`.</#if>

The Job runs spark-submit in client mode: its pod is the driver, which creates the executor pods
and deletes them when the job ends. Its result: `kubectl -n <namespace> get job [=names.job]`
(`1/1`, or the failure). Spark settings: `k8s/base/spark.properties`, then the overlay's
`spark.properties`, which wins; the main class and arguments: `kustomization.yaml` of the overlay.

## Logs

```sh
# The driver (the Job's pod); its log stays until the Job is deleted (a day after it ends).
kubectl -n [=defaultEnv.namespace] logs -f job/[=names.job]
# The executors: kept, with their logs, as long as the driver pod (they are owned by it).
kubectl -n [=defaultEnv.namespace] logs -f -l spark-role=executor --prefix
```

With event logs switched on (below), the driver's log is also copied beside them
(`<application id>_driver.log` under `spark.driver.log.dfsDir`) and kept as long as they are.

## Spark UI

While the driver runs (`skaffold dev` forwards it to http://localhost:4040):

```sh
kubectl -n [=defaultEnv.namespace] port-forward svc/[=names.driverService] 4040:4040
```

Finished jobs: the History Server is opt-in per environment, with `history-server` in
`k8s/overlays/<env>/shared/kustomization.yaml` and `event-logs` in the overlay (its volume needs a
ReadWriteMany storage class), then
`kubectl -n <namespace> port-forward svc/[=names.historyService] 18080:18080`.

## Promote

<#assign promoted = envs?filter(e -> e.features.promoted)>
<#if promoted?has_content>
Build once and deploy that build, by digest, to each environment in turn:

```sh
skaffold build -p [=promoted[0].name] --file-output=artifacts.json<#if !registry?has_content> --default-repo=registry.example.com/team</#if>
<#list promoted as e>
skaffold deploy -p [=e.name] --build-artifacts=artifacts.json
</#list>
```

or `skaffold run -p <env>` to build and deploy in one step.
<#else>
Each environment is a skaffold profile: `skaffold run -p <env>` builds, pushes where the cluster is
shared, and deploys. `sparkgen add-env prod` adds an environment to promote to.
</#if>

## Check

```sh
sparkgen validate             # every overlay rendered with kubectl kustomize and checked
sparkgen validate --env [=defaultEnv.name]
sparkgen doctor               # can this machine and cluster build and deploy?
```

## Keep it current

With a clean git work tree, at the project's root:

```sh
sparkgen add-env qa --like staging   # a new environment: overlay, skaffold profile
sparkgen upgrade --dry-run           # what the current templates would change, as a diff
sparkgen upgrade                     # apply it, merged with your edits
```

`upgrade` merges what was generated last time, what is generated now and your edits (conflicts
get `<<<<<<<` markers); it never rewrites `pom.xml` or any file of yours, and `k8s/base/` follows
the platform's base: change the job in `k8s/overlays/<env>/`. Both commands commit what they
generated to the branch `sparkgen-pristine`: push it with your branches.
