<#-- The Scala form of the job (sparkgen new --language scala). -->
<#if app.language == "scala">
package [=app.packageName]

import java.time.LocalDate
import java.time.format.DateTimeParseException
import java.util.Locale

import org.apache.spark.sql.{DataFrame, SaveMode, SparkSession}

/**
 * Daily order totals per customer and country. Reads orders (Parquet, or CSV with a header line)
 * from `--input`, aggregates them with Spark SQL ([[DailyOrderTotals.Sql]]) and writes Parquet to
 * `--output`, partitioned by `order_date`.
 *
 * Usage: `DailyOrderTotals --input PATH --output PATH [--format parquet|csv] [--date YYYY-MM-DD]`
 * (the overlays pass them per environment).
 *
 * Idempotent, because the Job retries a failed driver and restarts one lost to a disruption: the
 * output is written with dynamic partition overwrite, so each `order_date` partition this run
 * produces replaces that partition as a whole, no other partition is touched, and Spark moves the
 * run's files into place only once every task has finished. Running it again on the same input
 * leaves the same result.
 */
object DailyOrderTotals {

  /** The orders' schema: read as declared, never inferred (a CSV's types would be guessed). */
  val OrdersSchema: String =
    "order_id STRING, customer_id STRING, country STRING, amount DECIMAL(12,2), order_ts TIMESTAMP"

  /**
   * One row per day, customer and country. An order delivered twice (the same order_id in two
   * files, a replayed export) counts once.
   */
  val Sql: String =
    """SELECT CAST(order_ts AS DATE)   AS order_date,
      |       customer_id,
      |       upper(country)           AS country,
      |       COUNT(*)                 AS orders,
      |       CAST(SUM(amount) AS DECIMAL(22,2)) AS total_amount
      |FROM (SELECT DISTINCT order_id, customer_id, country, amount, order_ts FROM orders)
      |WHERE order_ts IS NOT NULL AND (:day IS NULL OR CAST(order_ts AS DATE) = :day)
      |GROUP BY CAST(order_ts AS DATE), customer_id, upper(country)
      |""".stripMargin

  val Usage: String = "--input PATH --output PATH [--format parquet|csv] [--date YYYY-MM-DD]"

  def main(args: Array[String]): Unit = {
    val options = Options.parse(args)
    val spark = SparkSession.builder().appName("[=app.name]").getOrCreate()
    try {
      val rows = run(spark, options)
      println(s"Wrote daily order totals: $rows rows to ${options.output}")
    } finally {
      spark.stop()
    }
  }

  /** Reads, aggregates and writes; returns the number of rows written. */
  def run(spark: SparkSession, options: Options): Long = {
    // Timestamps are read, and cut into days, in UTC, whatever the machine's time zone.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    val orders = spark.read
      .format(options.format)
      .schema(OrdersSchema)
      .option("header", "true")
      .option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
      .load(options.input)
    val result = totals(spark, orders, options.date)
    result.cache()
    try {
      result.write
        .mode(SaveMode.Overwrite)
        // Replace only the partitions this run writes: a retry, or a run for one day, never
        // deletes the other days. Set here, not in spark.properties, because the job's
        // correctness depends on it.
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("order_date")
        .parquet(options.output)
      result.count()
    } finally {
      result.unpersist()
    }
  }

  /** The aggregation alone, for the tests: [[Sql]] over `orders`. */
  def totals(spark: SparkSession, orders: DataFrame, date: Option[LocalDate]): DataFrame = {
    orders.createOrReplaceTempView("orders")
    // A LocalDate prints as YYYY-MM-DD, nothing else: safe to put into the statement.
    spark.sql(Sql.replace(":day", date.fold("NULL")(d => s"DATE'$d'")))
  }

  /** The command line, checked: a wrong argument stops the job before Spark starts. */
  final case class Options(input: String, output: String, format: String, date: Option[LocalDate])

  object Options {
    private val Names = Set("--input", "--output", "--format", "--date")

    def parse(args: Array[String]): Options = {
      val values = args.grouped(2).map {
        case Array(name, value) if Names(name) && value.trim.nonEmpty => name -> value
        case Array(name, _*) if !Names(name) =>
          throw new IllegalArgumentException(s"unknown argument '$name'; the arguments are $Usage")
        case Array(name, _*) => throw new IllegalArgumentException(s"$name needs a value")
      }.toMap
      def required(name: String): String = values.getOrElse(name,
        throw new IllegalArgumentException(s"$name is missing; the arguments are $Usage"))
      val format = values.getOrElse("--format", "parquet").toLowerCase(Locale.ROOT)
      if (format != "parquet" && format != "csv") {
        throw new IllegalArgumentException(s"--format is '$format'; use parquet or csv")
      }
      val date = values.get("--date").map { day =>
        try LocalDate.parse(day)
        catch {
          case e: DateTimeParseException =>
            throw new IllegalArgumentException(s"--date is '$day'; use YYYY-MM-DD", e)
        }
      }
      Options(required("--input"), required("--output"), format, date)
    }
  }
}
</#if>
