package example

import org.apache.spark.sql.SparkSession

object Main {
  def main(args: Array[String]): Unit = SparkSession.builder().getOrCreate().stop()
}
