package com.acme.etl;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

public final class NightlyEtl {

    private NightlyEtl() {
    }

    public static void main(final String[] args) {
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("nightly-etl"))) {
            long rows = sc.parallelize(List.of(1, 2, 3)).count();
            System.out.println("rows: " + rows);
        }
    }
}
