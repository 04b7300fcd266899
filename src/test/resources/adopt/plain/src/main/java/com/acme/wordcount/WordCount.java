package com.acme.wordcount;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Counts the words of the lines given as arguments. */
public class WordCount {

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("word-count").getOrCreate();
        Dataset<Row> counts = Words.count(spark, args);
        counts.show();
        spark.stop();
    }
}
