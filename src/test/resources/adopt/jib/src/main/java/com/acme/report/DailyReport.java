package com.acme.report;

import org.apache.spark.sql.SparkSession;

public final class DailyReport {

    private DailyReport() {
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().appName("daily-report").getOrCreate();
        System.out.println("report rows: " + spark.range(5).count());
        spark.stop();
    }
}
