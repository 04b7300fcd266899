import java.io.FileReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs Spark in local mode with the given settings (the metrics settings of a job repository),
 * does some work (tasks, a shuffle, a cached data set; no lambdas, which this launcher's in-memory
 * class loader could not deserialize in tasks), then prints what its Prometheus endpoints
 * serve, each after a line "=== PATH", and "=== END".
 *
 * <p>Run with the single-file source launcher on Spark's jars: java -cp 'jars/*' PrometheusScrape.java settings.properties PATH...
 */
public class PrometheusScrape {
  public static void main(String[] args) throws Exception {
    Properties settings = new Properties();
    try (FileReader in = new FileReader(args[0])) {
      settings.load(in);
    }
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("metrics").set("spark.ui.port", "0");
    settings.stringPropertyNames().forEach(key -> conf.set(key, settings.getProperty(key)));
    try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
      Dataset<Row> numbers = spark.range(0, 1_000_000, 1, 4).selectExpr("id % 10 AS k", "id").cache();
      System.out.println("groups " + numbers.groupBy("k").count().collectAsList().size() + ", rows " + numbers.count());
      Thread.sleep(12_000); // a heartbeat (10 s) brings the executor's memory and GC metrics

      String ui = spark.sparkContext().uiWebUrl().get();
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 1; i < args.length; i++) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ui + args[i])).build(),
            HttpResponse.BodyHandlers.ofString());
        System.out.println("=== " + args[i] + " " + response.statusCode());
        System.out.println(response.body());
      }
      System.out.println("=== END");
    }
  }
}
