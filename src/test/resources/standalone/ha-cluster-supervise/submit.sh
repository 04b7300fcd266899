#!/usr/bin/env bash
# Nightly aggregation of the payments ledger, submitted from the edge node by cron.
set -euo pipefail

RUN_DATE="${1:-$(date -d yesterday +%F)}"
export SPARK_HOME=/opt/spark-3.5.1
export SPARK_WORKER_CORES=16   # left over from when this host was also a worker

"$SPARK_HOME"/bin/spark-submit \
  --master spark://spark-master-1.corp.example.com:7077,spark-master-2.corp.example.com:7077 \
  --deploy-mode cluster \
  --supervise \
  --name "ledger-aggregation" \
  --class com.example.ledger.DailyAggregation \
  --driver-memory 8g \
  --driver-cores 2 \
  --executor-memory 6g \
  --executor-cores 3 \
  --total-executor-cores 24 \
  --conf spark.sql.shuffle.partitions=96 \
  --conf "spark.driver.extraJavaOptions=-XX:+UseG1GC -Duser.timezone=UTC" \
  --conf spark.local.dir=/data1/spark-tmp,/data2/spark-tmp \
  --conf spark.deploy.defaultCores=4 \
  hdfs://namenode.corp.example.com:8020/apps/ledger/ledger-aggregation-2.4.0.jar \
  --date "$RUN_DATE" \
  --output 'hdfs://namenode.corp.example.com:8020/warehouse/ledger daily' \
  2>&1 | tee -a /var/log/ledger/aggregation.log
