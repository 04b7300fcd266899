<#-- The Java form of the job; --language scala makes the one in src/main/scala (src/test/scala) instead. -->
<#if app.language == "java">
package [=app.packageName];

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Daily order totals per customer and country. Reads orders (Parquet, or CSV with a header line)
 * from {@code --input}, aggregates them with Spark SQL ({@link #SQL}) and writes Parquet to
 * {@code --output}, partitioned by {@code order_date}.
 *
 * <p>Usage: {@code DailyOrderTotals --input PATH --output PATH [--format parquet|csv] [--date YYYY-MM-DD]}
 * (the overlays pass them per environment).
 *
 * <p>Idempotent, because the Job retries a failed driver and restarts one lost to a disruption: the
 * output is written with dynamic partition overwrite, so each {@code order_date} partition this run
 * produces replaces that partition as a whole, no other partition is touched, and Spark moves the
 * run's files into place only once every task has finished. Running it again on the same input
 * leaves the same result.
 */
public final class DailyOrderTotals {

    /** The orders' schema: read as declared, never inferred (a CSV's types would be guessed). */
    static final String ORDERS_SCHEMA =
            "order_id STRING, customer_id STRING, country STRING, amount DECIMAL(12,2), order_ts TIMESTAMP";

    /**
     * One row per day, customer and country. An order delivered twice (the same order_id in two
     * files, a replayed export) counts once.
     */
    static final String SQL = """
            SELECT CAST(order_ts AS DATE)   AS order_date,
                   customer_id,
                   upper(country)           AS country,
                   COUNT(*)                 AS orders,
                   CAST(SUM(amount) AS DECIMAL(22,2)) AS total_amount
            FROM (SELECT DISTINCT order_id, customer_id, country, amount, order_ts FROM orders)
            WHERE order_ts IS NOT NULL AND (:day IS NULL OR CAST(order_ts AS DATE) = :day)
            GROUP BY CAST(order_ts AS DATE), customer_id, upper(country)
            """;

    private DailyOrderTotals() {
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        SparkSession spark = SparkSession.builder().appName("[=app.name]").getOrCreate();
        try {
            long rows = run(spark, options);
            System.out.println("Wrote daily order totals: " + rows + " rows to " + options.output());
        } finally {
            spark.stop();
        }
    }

    /** Reads, aggregates and writes; returns the number of rows written. */
    static long run(SparkSession spark, Options options) {
        // Timestamps are read, and cut into days, in UTC, whatever the machine's time zone.
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        Dataset<Row> orders = spark.read()
                .format(options.format())
                .schema(ORDERS_SCHEMA)
                .option("header", "true")
                .option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
                .load(options.input());
        Dataset<Row> totals = totals(spark, orders, options.date());
        totals.cache();
        try {
            totals.write()
                    .mode(SaveMode.Overwrite)
                    // Replace only the partitions this run writes: a retry, or a run for one day,
                    // never deletes the other days. Set here, not in spark.properties, because the
                    // job's correctness depends on it.
                    .option("partitionOverwriteMode", "dynamic")
                    .partitionBy("order_date")
                    .parquet(options.output());
            return totals.count();
        } finally {
            totals.unpersist();
        }
    }

    /** The aggregation alone, for the tests: {@link #SQL} over {@code orders}. */
    static Dataset<Row> totals(SparkSession spark, Dataset<Row> orders, LocalDate date) {
        orders.createOrReplaceTempView("orders");
        // A LocalDate prints as YYYY-MM-DD, nothing else: safe to put into the statement.
        return spark.sql(SQL.replace(":day", date == null ? "NULL" : "DATE'" + date + "'"));
    }

    /** The command line, checked: a wrong argument stops the job before Spark starts. */
    record Options(String input, String output, String format, LocalDate date) {

        static Options parse(String[] args) {
            Map<String, String> values = new TreeMap<>();
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i];
                if (!name.equals("--input") && !name.equals("--output") && !name.equals("--format")
                        && !name.equals("--date")) {
                    throw new IllegalArgumentException("unknown argument '" + name
                            + "'; the arguments are --input PATH --output PATH [--format parquet|csv] [--date YYYY-MM-DD]");
                }
                if (i + 1 >= args.length || args[i + 1].isBlank()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                values.put(name, args[i + 1]);
            }
            String input = required(values, "--input");
            String output = required(values, "--output");
            String format = values.getOrDefault("--format", "parquet").toLowerCase(Locale.ROOT);
            if (!format.equals("parquet") && !format.equals("csv")) {
                throw new IllegalArgumentException("--format is '" + format + "'; use parquet or csv");
            }
            LocalDate date = null;
            if (values.containsKey("--date")) {
                try {
                    date = LocalDate.parse(values.get("--date"));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("--date is '" + values.get("--date") + "'; use YYYY-MM-DD", e);
                }
            }
            return new Options(input, output, format, date);
        }

        private static String required(Map<String, String> values, String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException(name + " is missing; the arguments are --input PATH --output PATH [--format parquet|csv] [--date YYYY-MM-DD]");
            }
            return value;
        }
    }
}
</#if>
