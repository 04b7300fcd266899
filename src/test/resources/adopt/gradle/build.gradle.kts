plugins { java }
dependencies { compileOnly("org.apache.spark:spark-sql_2.13:4.2.0") }
