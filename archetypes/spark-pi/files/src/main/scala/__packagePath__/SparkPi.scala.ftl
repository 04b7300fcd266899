<#-- The Scala form of the job (sparkgen new --language scala). -->
<#if app.language == "scala">
package [=app.packageName]

import java.util.SplittableRandom

import org.apache.spark.sql.SparkSession

/**
 * Estimates pi by throwing random points at the unit square and counting those that land inside
 * the quarter circle. Usage: `SparkPi [partitions]` (default [=params.partitions]).
 */
object SparkPi {

  val DefaultPartitions: Int = [=params.partitions]
  val SamplesPerPartition: Long = 100000L

  def main(args: Array[String]): Unit = {
    val partitions = if (args.nonEmpty) parsePartitions(args(0)) else DefaultPartitions
    val spark = SparkSession.builder().appName("[=app.name]").getOrCreate()
    try {
      val pi = estimate(spark, partitions, SamplesPerPartition)
      println(s"Pi is roughly $pi")
    } finally {
      spark.stop()
    }
  }

  /**
   * Each partition draws `samplesPerPartition` points from its own seeded generator, so the
   * estimate is the same on every run and every cluster size.
   */
  def estimate(spark: SparkSession, partitions: Int, samplesPerPartition: Long): Double = {
    val inside = spark.sparkContext
      .parallelize(0 until partitions, partitions)
      .map(seed => countInside(seed, samplesPerPartition))
      .reduce(_ + _)
    4.0 * inside / (partitions * samplesPerPartition)
  }

  def countInside(seed: Int, samples: Long): Long = {
    val random = new SplittableRandom(seed)
    var inside = 0L
    var i = 0L
    while (i < samples) {
      val x = random.nextDouble(-1.0, 1.0)
      val y = random.nextDouble(-1.0, 1.0)
      if (x * x + y * y <= 1.0) {
        inside += 1
      }
      i += 1
    }
    inside
  }

  def parsePartitions(value: String): Int =
    scala.util.Try(value.toInt).toOption.filter(_ > 0).getOrElse(
      throw new IllegalArgumentException(s"partitions must be a positive integer, got '$value'"))
}
</#if>
