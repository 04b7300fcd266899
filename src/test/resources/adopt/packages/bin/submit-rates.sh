#!/bin/sh
# Hourly, from cron on the edge node: the rate tables, on the Standalone cluster.
exec /opt/spark/bin/spark-submit \
  --master spark://spark-master.corp.example.com:7077 \
  --deploy-mode client \
  --class com.acme.rates.Rates \
  --packages com.typesafe:config:1.4.3 \
  --executor-memory 2g \
  --total-executor-cores 4 \
  /opt/jobs/rates-2.3.0.jar
