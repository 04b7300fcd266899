ThisBuild / scalaVersion := "2.13.18"
libraryDependencies += "org.apache.spark" %% "spark-sql" % "4.2.0" % "provided"
