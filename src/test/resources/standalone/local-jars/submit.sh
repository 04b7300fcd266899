#!/bin/bash
# Monthly compliance report: Oracle extract, PDF rendering with bundled fonts.
export SPARK_WORKER_MEMORY=48g
export SPARK_WORKER_DIR=/data/spark/work
export HADOOP_CONF_DIR=/etc/hadoop/conf
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY

MONTH=$(date +%Y-%m)

spark-submit --master spark://reports-master.corp.example.com:7077 \
  --class com.example.reports.MonthlyReport \
  --jars /opt/libs/ojdbc8.jar,/opt/libs/reporting-commons-1.3.jar \
  --files /etc/reports/report.conf \
  --archives /opt/libs/fonts.tar.gz#fonts \
  --driver-class-path /opt/libs/ojdbc8.jar \
  --conf spark.executor.extraClassPath=/opt/libs/ojdbc8.jar \
  --conf spark.executor.extraLibraryPath=/opt/native/lib \
  --conf spark.hadoop.fs.s3a.secret.key=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY \
  --conf spark.hadoop.fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider \
  --driver-java-options "-Dreport.month=${MONTH}" \
  /home/reports/monthly-report.jar "$MONTH" ; echo "report for $MONTH submitted"
