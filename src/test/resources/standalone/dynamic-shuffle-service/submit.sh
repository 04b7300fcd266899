#!/bin/bash
# Rebuilds the product recommendation index; sized per cluster by its spark-defaults.conf.
ENVIRONMENT=${ENVIRONMENT:?set ENVIRONMENT to dev, staging or prod}
"${SPARK_HOME}/bin/spark-submit" \
  --master "spark://recs-master-${ENVIRONMENT}.corp.example.com:7077" \
  --properties-file "/etc/spark/conf.${ENVIRONMENT}/spark-defaults.conf" \
  --class com.example.recs.RebuildIndex \
  --executor-memory 12g \
  --executor-cores 4 \
  --conf spark.executor.memoryOverhead=2g \
  /opt/jobs/recs-index.jar
