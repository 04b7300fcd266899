package com.acme.ledger;

import org.apache.spark.sql.SparkSession;

/** Re-runs the aggregation for past days, by hand, after a correction. */
public class Backfill {

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("ledger-backfill").getOrCreate();
    for (String day : args) {
      spark.sql("SELECT '" + day + "' AS day").show();
    }
    spark.stop();
  }
}
