package com.acme.wordcount;

import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

final class Words {

    private Words() {
    }

    static Dataset<Row> count(SparkSession spark, String[] lines) {
        return spark.createDataset(Arrays.asList(lines), Encoders.STRING())
                .selectExpr("explode(split(value, ' ')) AS word")
                .groupBy("word").count();
    }
}
