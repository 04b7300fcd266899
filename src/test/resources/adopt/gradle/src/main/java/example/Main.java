package example;

public class Main {
    public static void main(String[] args) {
        org.apache.spark.sql.SparkSession.builder().getOrCreate().stop();
    }
}
