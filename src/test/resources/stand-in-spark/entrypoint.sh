#!/usr/bin/env bash
# Stand-in for apache/spark's /opt/entrypoint.sh (apache/spark-docker, entrypoint.sh), written from
# its documented behaviour for the cases our pods use: "executor" builds the executor's java
# command from the environment Spark's Kubernetes backend puts in the executor pod; anything else
# (our Job's /bin/bash script) runs as it is. The official script also runs "driver" (cluster
# mode) and wraps the command in tini; neither matters here.
set -e

# Spark's own jars after any extra class path the pod names (spark.executor.extraClassPath).
SPARK_CLASSPATH="$SPARK_CLASSPATH:${SPARK_HOME}/jars/*"
# Executor JVM options arrive as SPARK_JAVA_OPT_0, SPARK_JAVA_OPT_1, ... in that order.
SPARK_EXECUTOR_JAVA_OPTS=()
while IFS= read -r opt; do
  SPARK_EXECUTOR_JAVA_OPTS+=("$opt")
done < <(env | grep '^SPARK_JAVA_OPT_' | sort -t_ -k4 -n | sed 's/^[^=]*=//')
if [ -n "$SPARK_EXTRA_CLASSPATH" ]; then
  SPARK_CLASSPATH="$SPARK_CLASSPATH:$SPARK_EXTRA_CLASSPATH"
fi
if [ -n "${HADOOP_CONF_DIR+x}" ]; then
  SPARK_CLASSPATH="$HADOOP_CONF_DIR:$SPARK_CLASSPATH"
fi
if [ -n "${SPARK_CONF_DIR+x}" ]; then
  SPARK_CLASSPATH="$SPARK_CONF_DIR:$SPARK_CLASSPATH"
else
  SPARK_CLASSPATH="$SPARK_HOME/conf:$SPARK_CLASSPATH"
fi
# The working directory too (SPARK-43540): files Spark fetches land there.
SPARK_CLASSPATH="$SPARK_CLASSPATH:$PWD"

case "$1" in
  executor)
    shift 1
    CMD=(
      "${JAVA_HOME}/bin/java"
      "${SPARK_EXECUTOR_JAVA_OPTS[@]}"
      -Xms"$SPARK_EXECUTOR_MEMORY"
      -Xmx"$SPARK_EXECUTOR_MEMORY"
      -cp "$SPARK_CLASSPATH:$SPARK_DIST_CLASSPATH"
      org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend
      --driver-url "$SPARK_DRIVER_URL"
      --executor-id "$SPARK_EXECUTOR_ID"
      --cores "$SPARK_EXECUTOR_CORES"
      --app-id "$SPARK_APPLICATION_ID"
      --hostname "$SPARK_EXECUTOR_POD_IP"
      --resourceProfileId "$SPARK_RESOURCE_PROFILE_ID"
      --podName "$SPARK_EXECUTOR_POD_NAME"
    )
    ;;
  *)
    CMD=("$@")
    ;;
esac
exec "${CMD[@]}"
