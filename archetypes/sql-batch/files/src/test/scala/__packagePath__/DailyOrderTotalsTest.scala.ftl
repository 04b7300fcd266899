<#-- The Scala form of the job's test: JUnit 5, the runner of every other test of the repository. -->
<#if app.language == "scala">
package [=app.packageName]

import java.io.{ByteArrayOutputStream, PrintStream}
import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path}
import java.time.LocalDate

import org.apache.spark.sql.SparkSession
import org.junit.jupiter.api.Assertions.{assertEquals, assertThrows, assertTrue}
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.api.{AfterAll, BeforeAll, MethodOrderer, Order, Test, TestInstance, TestMethodOrder}

/**
 * Runs the job on Spark in local mode, on files the test writes: the same code that runs on
 * Kubernetes. One session for the whole class (starting one takes seconds, on every skaffold
 * rebuild).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(classOf[MethodOrderer.OrderAnnotation])
class DailyOrderTotalsTest {
  import DailyOrderTotalsTest._

  private var spark: SparkSession = _

  @BeforeAll
  def startSpark(): Unit = {
    spark = SparkSession.builder()
      .master("local[2]")
      .appName("daily-order-totals-test")
      .config("spark.ui.enabled", "false")
      .config("spark.driver.host", "127.0.0.1")
      .config("spark.driver.bindAddress", "127.0.0.1")
      // Few partitions: the test's data is tiny, and every shuffle partition is a task.
      .config("spark.sql.shuffle.partitions", "2")
      .getOrCreate()
  }

  @AfterAll
  def stopSpark(): Unit = spark.stop()

  @Test
  def totalsEachDayCustomerAndCountryFromCsv(@TempDir dir: Path): Unit = {
    val output = dir.resolve("totals").toString

    val rows = DailyOrderTotals.run(spark, options(orders(dir), output, None))

    assertEquals(3L, rows)
    assertEquals(Totals, read(spark, output))
    assertTrue(Files.isDirectory(Path.of(output, "order_date=2026-01-01")), "partitioned by order_date")
  }

  @Test
  def aSecondRunLeavesTheSameResult(@TempDir dir: Path): Unit = {
    val input = orders(dir)
    val output = dir.resolve("totals").toString

    DailyOrderTotals.run(spark, options(input, output, None))
    DailyOrderTotals.run(spark, options(input, output, None))

    assertEquals(Totals, read(spark, output))
  }

  @Test
  def aRunForOneDayReplacesThatDayAndKeepsTheOthers(@TempDir dir: Path): Unit = {
    val input = orders(dir)
    val output = dir.resolve("totals").toString
    DailyOrderTotals.run(spark, options(input, output, None))
    // A late order for 2026-01-02 arrives; the day is run again.
    Files.writeString(input.resolve("late.csv"),
      "order_id,customer_id,country,amount,order_ts\no-5,c-2,FR,2.00,2026-01-02 10:00:00\n")

    DailyOrderTotals.run(spark, options(input, output, Some(LocalDate.parse("2026-01-02"))))

    assertEquals(Seq(
      "2026-01-01,c-1,DE,2,15.00",
      "2026-01-01,c-2,FR,1,7.00",
      "2026-01-02,c-1,DE,1,1.25",
      "2026-01-02,c-2,FR,1,2.00"), read(spark, output))
  }

  @Test
  def readsParquetToo(@TempDir dir: Path): Unit = {
    val parquet = dir.resolve("orders-parquet").toString
    spark.read.schema(DailyOrderTotals.OrdersSchema).option("header", "true")
      .csv(orders(dir).toString).write.parquet(parquet)
    val output = dir.resolve("totals").toString

    DailyOrderTotals.run(spark, DailyOrderTotals.Options(parquet, output, "parquet", None))

    assertEquals(Totals, read(spark, output))
  }

  @Test
  def refusesABadCommandLine(): Unit = {
    def refused(args: String*): Unit =
      assertThrows(classOf[IllegalArgumentException], () => DailyOrderTotals.Options.parse(args.toArray))
    refused("--input", "x")
    refused("--input", "x", "--output", "y", "--format", "json")
    refused("--input", "x", "--output", "y", "--date", "yesterday")
    refused("--input", "x", "--outptu", "y")
  }

  // Last: main's getOrCreate() reuses this class's session and main stops it, so no test may
  // come after it (restarting the session would cost as much as starting it).
  @Test
  @Order(Int.MaxValue)
  def mainRunsTheJobFromItsArguments(@TempDir dir: Path): Unit = {
    val input = orders(dir)
    val output = dir.resolve("totals").toString

    val captured = new ByteArrayOutputStream()
    // Scala's println writes to Console.out, which follows System.out only when it is set first.
    Console.withOut(new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      DailyOrderTotals.main(Array("--input", input.toString, "--output", output, "--format", "csv"))
    }

    assertTrue(captured.toString(StandardCharsets.UTF_8).contains(s"Wrote daily order totals: 3 rows to $output"),
      s"main printed no result: $captured")
    assertTrue(Files.isDirectory(Path.of(output, "order_date=2026-01-02")), "main wrote no totals")
  }
}

object DailyOrderTotalsTest {

  /** Two days, two customers; o-2 twice (a replayed export), counted once. */
  val OrdersCsv: String =
    """order_id,customer_id,country,amount,order_ts
      |o-1,c-1,de,10.50,2026-01-01 09:00:00
      |o-2,c-1,DE,4.50,2026-01-01 23:59:59
      |o-2,c-1,DE,4.50,2026-01-01 23:59:59
      |o-3,c-2,FR,7.00,2026-01-01 12:00:00
      |o-4,c-1,DE,1.25,2026-01-02 00:00:00
      |""".stripMargin

  val Totals: Seq[String] = Seq(
    "2026-01-01,c-1,DE,2,15.00",
    "2026-01-01,c-2,FR,1,7.00",
    "2026-01-02,c-1,DE,1,1.25")

  def orders(dir: Path): Path = {
    val input = Files.createDirectories(dir.resolve("orders"))
    Files.writeString(input.resolve("orders.csv"), OrdersCsv)
    input
  }

  def options(input: Path, output: String, date: Option[LocalDate]): DailyOrderTotals.Options =
    DailyOrderTotals.Options(input.toString, output, "csv", date)

  /** The written totals as sorted CSV lines, read back as any reader of the output would. */
  def read(spark: SparkSession, output: String): Seq[String] =
    spark.read.parquet(output)
      .selectExpr("CAST(order_date AS STRING)", "customer_id", "country", "orders", "CAST(total_amount AS STRING)")
      .orderBy("order_date", "customer_id", "country")
      .collect()
      .map(_.toSeq.mkString(","))
      .toSeq
}
</#if>
