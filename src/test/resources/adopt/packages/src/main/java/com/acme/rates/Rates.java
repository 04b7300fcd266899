package com.acme.rates;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** Scales each rate by the factor of its currency, read in the executors from a settings text. */
public class Rates {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("rates").getOrCreate();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Double> scaled = context.parallelize(List.of("eur", "usd", "chf"), 3)
                .map(currency -> {
                    // Runs in the executors: the config library must be on their class path.
                    Config factors = ConfigFactory.parseString("eur = 1.0\nusd = 0.92\nchf = 1.05");
                    return factors.getDouble(currency) * 100;
                })
                .collect();
        System.out.println("scaled " + scaled);
        spark.stop();
    }
}
