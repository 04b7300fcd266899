#!/bin/bash
# Loads the partner feeds; each environment's cluster has its own spark-defaults.conf.
spark-submit \
  --class com.example.feeds.LoadPartnerFeeds \
  --num-executors 3 \
  --conf spark.sql.adaptive.enabled=true \
  --conf spark.executor.memory=3g \
  /opt/jobs/partner-feeds.jar \
  partners.yaml
