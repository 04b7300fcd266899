#!/bin/sh
# Streams card events from Kafka into the fraud model's feature store.
exec /opt/spark/bin/spark-submit \
  --master spark://spark-master.corp.example.com:7077 \
  --class com.example.fraud.FeatureStream \
  --packages org.apache.spark:spark-sql-kafka-0-10_2.12:3.5.1,io.delta:delta-spark_2.12:3.2.0,com.typesafe:config:1.4.3 \
  --repositories https://nexus.corp.example.com/repository/maven-public/ \
  --exclude-packages org.slf4j:slf4j-reload4j,log4j:log4j \
  --conf spark.jars.ivy=/tmp/.ivy2 \
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
  --executor-memory 4g \
  /opt/jobs/fraud-features.jar \
  --checkpoint s3a://fraud-checkpoints/features
