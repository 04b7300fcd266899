#!/bin/sh
# Nightly, from cron on the edge node: the ledger's aggregation on the Standalone cluster.
export SPARK_HOME=/opt/spark-3.5
exec "$SPARK_HOME/bin/spark-submit" \
  --master spark://spark-master-1.corp.example.com:7077,spark-master-2.corp.example.com:7077 \
  --deploy-mode cluster \
  --supervise \
  --class com.acme.ledger.DailyAggregation \
  --packages org.jooq:joou:0.9.4,com.typesafe:config:1.4.1 \
  --exclude-packages org.slf4j:slf4j-reload4j \
  --driver-memory 2g \
  --executor-memory 4g \
  --executor-cores 2 \
  --total-executor-cores 8 \
  --conf spark.sql.shuffle.partitions=64 \
  /opt/jobs/ledger-5.2.0.jar \
  --day "$(date +%F)"
