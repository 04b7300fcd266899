package com.acme.enrich;

import org.apache.spark.sql.SparkSession;
import org.joou.UInteger;

public class Enrich {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("enrich").getOrCreate();
        long n = spark.range(10).count();
        System.out.println("enriched " + UInteger.valueOf(n));
        spark.stop();
    }
}
