#!/usr/bin/env bash
# Sessionization of click streams; the History Server of each cluster shows its runs.
/opt/spark/bin/spark-submit \
  --master spark://clicks-master.corp.example.com:7077 \
  --class com.example.clicks.Sessionize \
  --conf spark.eventLog.enabled=true \
  --conf spark.eventLog.rolling.enabled=true \
  --properties-file /etc/spark/clicks/spark-defaults.conf \
  /opt/jobs/sessionize.jar
