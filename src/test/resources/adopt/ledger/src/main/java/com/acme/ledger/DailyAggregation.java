package com.acme.ledger;

import org.apache.spark.sql.SparkSession;

/** Sums the day's postings per account: what bin/submit-ledger.sh runs every night. */
public class DailyAggregation {

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("ledger").getOrCreate();
    spark.range(0, 1000).selectExpr("id % 10 as account", "id as amount").groupBy("account").sum("amount").show();
    spark.stop();
  }
}
