<#-- The Scala form of the job's test: JUnit 5, the runner of every other test of the repository. -->
<#if app.language == "scala">
package [=app.packageName]

import java.io.{ByteArrayOutputStream, PrintStream}
import java.nio.charset.StandardCharsets

import org.apache.spark.sql.SparkSession
import org.junit.jupiter.api.Assertions.{assertEquals, assertThrows, assertTrue}
import org.junit.jupiter.api.{AfterAll, BeforeAll, MethodOrderer, Order, Test, TestInstance, TestMethodOrder}

/**
 * Runs the job on Spark in local mode: the same code that runs on Kubernetes. One session for the
 * whole class (starting one takes seconds, on every skaffold rebuild).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(classOf[MethodOrderer.OrderAnnotation])
class SparkPiTest {

  private var spark: SparkSession = _

  @BeforeAll
  def startSpark(): Unit = {
    spark = SparkSession.builder()
      .master("local[2]")
      .appName("spark-pi-test")
      .config("spark.ui.enabled", "false")
      .config("spark.driver.host", "127.0.0.1")
      .config("spark.driver.bindAddress", "127.0.0.1")
      .getOrCreate()
  }

  @AfterAll
  def stopSpark(): Unit = spark.stop()

  @Test
  def estimatesPiWithinOneHundredth(): Unit = {
    val pi = SparkPi.estimate(spark, 4, 250000L)

    assertEquals(math.Pi, pi, 0.01)
  }

  @Test
  def givesTheSameEstimateOnEveryRun(): Unit =
    assertEquals(SparkPi.estimate(spark, 3, 10000L), SparkPi.estimate(spark, 3, 10000L))

  // Last: main's getOrCreate() reuses this class's session and main stops it, so no test may
  // come after it (restarting the session would cost as much as starting it).
  @Test
  @Order(Int.MaxValue)
  def mainPrintsTheEstimate(): Unit = {
    val captured = new ByteArrayOutputStream()
    // Scala's println writes to Console.out, which follows System.out only when it is set first.
    Console.withOut(new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      SparkPi.main(Array("2"))
    }

    val line = """Pi is roughly (\d+\.\d+)""".r.findFirstMatchIn(captured.toString(StandardCharsets.UTF_8))
    assertTrue(line.isDefined, s"main printed no estimate: $captured")
    assertEquals(math.Pi, line.get.group(1).toDouble, 0.05)
  }

  @Test
  def rejectsPartitionsThatAreNotPositive(): Unit = {
    assertThrows(classOf[IllegalArgumentException], () => SparkPi.parsePartitions("0"))
    assertThrows(classOf[IllegalArgumentException], () => SparkPi.parsePartitions("ten"))
  }
}
</#if>
