<#-- Only with the S3A connector in pom.xml: `sparkgen upgrade --object-store s3a` adds it. The
     Scala form of src/test/java's ObjectStoreIT. -->
<#if objectStores.s3a && app.language == "scala">
package [=app.packageName]

import java.io.IOException
import java.net.{InetSocketAddress, ServerSocket, Socket, URI}
import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path}
import java.time.{Duration, Instant}

import scala.collection.immutable.TreeMap

import org.apache.hadoop.fs.{FileSystem, Path => HadoopPath}
import org.apache.spark.sql.SparkSession
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.api.{AfterAll, BeforeAll, Test, TestInstance}

/**
 * The job on an object store, end to end: a real S3-compatible server (s3proxy, in a JVM of its
 * own, from target/s3proxy: pom.xml) holds the orders, and the job reads and writes them through
 * s3a:// with the S3A connector the image ships (hadoop-aws of the image's Hadoop, a runtime
 * dependency in /opt/spark/app/libs) and the credentials provider of the overlays' Secret
 * (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, set by failsafe in pom.xml). Run twice, the job
 * leaves the same totals and the same files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectStoreIT {

  private val Bucket = "orders-it"

  private var s3proxy: Process = _
  private var spark: SparkSession = _

  @BeforeAll
  def startAnS3ServerAndSpark(@TempDir dir: Path): Unit = {
    val free = new ServerSocket(0)
    val port = try free.getLocalPort finally free.close()
    val properties = dir.resolve("s3proxy.properties")
    Files.writeString(properties, Seq(
      s"s3proxy.endpoint=http://127.0.0.1:$port",
      "s3proxy.authorization=aws-v2-or-v4",
      "s3proxy.identity=" + System.getenv("AWS_ACCESS_KEY_ID"),
      "s3proxy.credential=" + System.getenv("AWS_SECRET_ACCESS_KEY"),
      "jclouds.provider=filesystem",
      "jclouds.filesystem.basedir=" + Files.createDirectories(dir.resolve("store")),
      "").mkString("\n"))
    s3proxy = new ProcessBuilder(
      Path.of(System.getProperty("java.home"), "bin", "java").toString,
      "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      "-jar", Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath.toString,
      "--properties", properties.toString)
      .redirectErrorStream(true)
      .redirectOutput(dir.resolve("s3proxy.log").toFile)
      .start()
    awaitPort(port, dir.resolve("s3proxy.log"))
    Files.createDirectories(dir.resolve("store").resolve(Bucket))

    spark = SparkSession.builder()
      .master("local[2]")
      .appName("object-store-it")
      .config("spark.ui.enabled", "false")
      .config("spark.driver.host", "127.0.0.1")
      .config("spark.driver.bindAddress", "127.0.0.1")
      .config("spark.sql.shuffle.partitions", "2")
      // What an overlay's spark.properties sets for an S3-compatible store with the keys of its
      // Secret (k8s/overlays/<env>/spark.properties, "Data access").
      .config("spark.hadoop.fs.s3a.aws.credentials.provider", "[=spark.s3aEnvironmentProvider]")
      .config("spark.hadoop.fs.s3a.endpoint", s"http://127.0.0.1:$port")
      .config("spark.hadoop.fs.s3a.endpoint.region", "us-east-1")
      .config("spark.hadoop.fs.s3a.path.style.access", "true")
      .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
      // One DELETE per object: s3proxy answers the bulk delete of the image's AWS SDK, whose
      // checksum header it does not implement, with 501 (as some S3-compatible stores do: then
      // set this in the overlay's spark.properties too).
      .config("spark.hadoop.fs.s3a.multiobjectdelete.enable", "false")
      .getOrCreate()
  }

  @AfterAll
  def stop(): Unit = {
    if (spark != null) spark.stop()
    if (s3proxy != null) s3proxy.destroy()
  }

  @Test
  def readsAndWritesThroughS3aAndARetryLeavesTheSameResult(): Unit = {
    val input = s"s3a://$Bucket/orders"
    val output = s"s3a://$Bucket/daily-order-totals"
    val s3 = FileSystem.get(URI.create(input), spark.sparkContext.hadoopConfiguration)
    val out = s3.create(new HadoopPath(input + "/orders.csv"))
    try out.write(DailyOrderTotalsTest.OrdersCsv.getBytes(StandardCharsets.UTF_8)) finally out.close()
    val options = DailyOrderTotals.Options.parse(Array("--input", input, "--output", output, "--format", "csv"))

    DailyOrderTotals.run(spark, options)
    val firstFiles = filesPerPartition(s3, output)
    DailyOrderTotals.run(spark, options)

    assertEquals(DailyOrderTotalsTest.Totals, DailyOrderTotalsTest.read(spark, output))
    assertEquals(firstFiles, filesPerPartition(s3, output), "the second run left other files than the first")
    assertEquals(Seq("order_date=2026-01-01", "order_date=2026-01-02"), firstFiles.keys.toSeq)
  }

  /** The Parquet files in each partition of `output`, counted. */
  private def filesPerPartition(s3: FileSystem, output: String): Map[String, Int] = {
    var files = TreeMap.empty[String, Int]
    val all = s3.listFiles(new HadoopPath(output), true)
    while (all.hasNext) {
      val file = all.next().getPath
      if (file.getName.endsWith(".parquet")) {
        val partition = file.getParent.getName
        files = files.updated(partition, files.getOrElse(partition, 0) + 1)
      }
    }
    files
  }

  private def awaitPort(port: Int, log: Path): Unit = {
    val deadline = Instant.now().plus(Duration.ofSeconds(60))
    while (Instant.now().isBefore(deadline)) {
      if (!s3proxy.isAlive) {
        throw new IllegalStateException(s"s3proxy exited with ${s3proxy.exitValue()}: see $log")
      }
      val socket = new Socket()
      try {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500)
        return
      } catch {
        case _: IOException => Thread.sleep(200)
      } finally {
        socket.close()
      }
    }
    throw new IllegalStateException(s"s3proxy did not listen on $port within 60 s")
  }
}
</#if>
