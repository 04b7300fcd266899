import java.io.FileReader;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs Spark in local mode with the given settings, as the Job's spark-submit runs the driver,
 * does some work, prints "UI <address>" and keeps the UI up until its standard input closes.
 *
 * <p>The settings become system properties first, as client-mode spark-submit makes every setting
 * one before it calls the main class (SparkSubmit's JavaMainApplication): Spark's UI reads
 * spark.ui.proxyBase from the system properties only (UIUtils.uiRoot).
 *
 * <p>Run with the single-file source launcher on Spark's jars: java -cp 'jars/*' ProxiedUi.java
 * settings.properties
 */
public class ProxiedUi {
  public static void main(String[] args) throws Exception {
    Properties settings = new Properties();
    try (FileReader in = new FileReader(args[0])) {
      settings.load(in);
    }
    settings.stringPropertyNames().forEach(key -> System.setProperty(key, settings.getProperty(key)));
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("ui").set("spark.ui.port", "0");
    try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
      // Jobs, stages with a shuffle, a cached data set (the storage page), SQL queries; no lambdas,
      // which this launcher's in-memory class loader could not deserialize in tasks.
      Dataset<Row> numbers = spark.range(0, 100_000, 1, 4).selectExpr("id % 10 AS k", "id").cache();
      System.out.println("groups " + numbers.groupBy("k").count().collectAsList().size() + ", rows " + numbers.count());
      System.out.println("UI " + spark.sparkContext().uiWebUrl().get());
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the test closes our standard input
      }
    }
  }
}
