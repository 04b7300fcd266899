#!/bin/bash
# Nightly enrichment: joins the landing zones on S3, GCS and ADLS with the customer database.
# Run from cron on the edge node; the keys below are the ones the Standalone workers had.
set -euo pipefail
export SPARK_HOME=/opt/spark
export AWS_ACCESS_KEY_ID=AKIAQ3PLANTEDX000001
export AWS_SECRET_ACCESS_KEY=YMTt19cDNu7fTqJ5CtvzwUEITpBsGJbbH5OvutUy
export AZURE_STORAGE_KEY=g/bL8Z9Q0+sujFuDeIYa4vnVoq0ZmZVbalowrSmedRISZ5ARg6IguuD3CoosE9GUOMVs3I9yb81+nIGne3EO0Q==
export GOOGLE_APPLICATION_CREDENTIALS=/etc/gcp/enrichment-sa.json

AWS_SESSION_TOKEN=0H5IKwz8aNTQYKD3dQR68DhtnpNZ8hDWIR8XO68v4aLBIjjsJeLzwl81KqGS5Z7KioVzXk1cfn91d65scmBagPztHN7BQ2pRzge1+JDPnOk6kgQtv59Cgxy9z0KXyQgP \
"$SPARK_HOME/bin/spark-submit" \
  --master spark://enrich-master.corp.example.com:7077 \
  --deploy-mode client \
  --class com.acme.wordcount.WordCount \
  --principal etl-enrich@CORP.EXAMPLE.COM \
  --keytab /etc/security/keytabs/etl-enrich.keytab \
  --repositories https://deployer:NexusPlanted0013@nexus.corp.example.com/repository/maven-releases/ \
  --driver-java-options "-Djavax.net.ssl.trustStore=/etc/pki/enrich-truststore.jks -Djavax.net.ssl.trustStorePassword=Tru5tSt0re-Planted-0005 -Xss4m" \
  --executor-memory 4g \
  --conf spark.authenticate=true \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \
  --conf spark.hadoop.fs.s3a.secret.key=hM8ptt0IRebwLJxRFBloq/eZs6cni14gRvYX+JcX \
  --conf spark.hadoop.fs.gs.auth.service.account.private.key.id=65220a57822390e9b988158d190924af17feb19e \
  --conf spark.executorEnv.AWS_SECRET_ACCESS_KEY=UE7p8sYnXGoRPA2mGPIh1JVkhQMh9OAjqxS12uWh \
  --conf spark.kubernetes.driverEnv.AZURE_CLIENT_SECRET='Az~Cl1ent.Secret_Planted-0009' \
  --conf 'spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:mysql://metastore.corp.example.com:3306/hive?user=hive&password=JdbcUrlPlanted0010' \
  --conf spark.enrich.notify.slack=xoxb-678991576947-vVsroyQb98XZ5vk1qd9NLz4n \
  --conf spark.sql.shuffle.partitions=200 \
  /opt/jobs/enrichment-2.3.1.jar \
  --date "$(date +%F)" --api-token=ghp_us5I26Yce2xgh3J0MchTRW8VFdZZeZfm8eE8
