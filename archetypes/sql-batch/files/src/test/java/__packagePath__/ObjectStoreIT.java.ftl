<#-- Only with the S3A connector in pom.xml: `sparkgen upgrade --object-store s3a` adds it. The
     Scala form is in src/test/scala. -->
<#if objectStores.s3a && app.language == "java">
package [=app.packageName];

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on an object store, end to end: a real S3-compatible server (s3proxy, in a JVM of its
 * own, from target/s3proxy: pom.xml) holds the orders, and the job reads and writes them through
 * s3a:// with the S3A connector the image ships (hadoop-aws of the image's Hadoop, a runtime
 * dependency in /opt/spark/app/libs) and the credentials provider of the overlays' Secret
 * (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, set by failsafe in pom.xml). Run twice, the job
 * leaves the same totals and the same files.
 */
class ObjectStoreIT {

    static final String BUCKET = "orders-it";

    private static Process s3proxy;
    private static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startAnS3ServerAndSpark() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + System.getenv("AWS_ACCESS_KEY_ID"),
                "s3proxy.credential=" + System.getenv("AWS_SECRET_ACCESS_KEY"),
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + Files.createDirectories(dir.resolve("store")),
                ""));
        s3proxy = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath().toString(),
                "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile())
                .start();
        awaitPort(port);
        Files.createDirectories(dir.resolve("store").resolve(BUCKET));

        spark = SparkSession.builder()
                .master("local[2]")
                .appName("object-store-it")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                // What an overlay's spark.properties sets for an S3-compatible store with the keys
                // of its Secret (k8s/overlays/<env>/spark.properties, "Data access").
                .config("spark.hadoop.fs.s3a.aws.credentials.provider", "[=spark.s3aEnvironmentProvider]")
                .config("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:" + port)
                .config("spark.hadoop.fs.s3a.endpoint.region", "us-east-1")
                .config("spark.hadoop.fs.s3a.path.style.access", "true")
                .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
                // One DELETE per object: s3proxy answers the bulk delete of the image's AWS SDK,
                // whose checksum header it does not implement, with 501 (as some S3-compatible
                // stores do: then set this in the overlay's spark.properties too).
                .config("spark.hadoop.fs.s3a.multiobjectdelete.enable", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (s3proxy != null) {
            s3proxy.destroy();
        }
    }

    @Test
    void readsAndWritesThroughS3aAndARetryLeavesTheSameResult() throws IOException {
        String input = "s3a://" + BUCKET + "/orders";
        String output = "s3a://" + BUCKET + "/daily-order-totals";
        FileSystem s3 = FileSystem.get(URI.create(input), spark.sparkContext().hadoopConfiguration());
        try (var out = s3.create(new org.apache.hadoop.fs.Path(input + "/orders.csv"))) {
            out.write(DailyOrderTotalsTest.ORDERS_CSV.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        DailyOrderTotals.Options options = DailyOrderTotals.Options.parse(
                new String[] {"--input", input, "--output", output, "--format", "csv"});

        DailyOrderTotals.run(spark, options);
        Map<String, Integer> firstFiles = filesPerPartition(s3, output);
        DailyOrderTotals.run(spark, options);

        assertEquals(DailyOrderTotalsTest.TOTALS, DailyOrderTotalsTest.read(spark, output));
        assertEquals(firstFiles, filesPerPartition(s3, output), "the second run left other files than the first");
        assertEquals(List.of("order_date=2026-01-01", "order_date=2026-01-02"), List.copyOf(firstFiles.keySet()));
    }

    /** The Parquet files in each partition of {@code output}, counted. */
    static Map<String, Integer> filesPerPartition(FileSystem s3, String output) throws IOException {
        Map<String, Integer> files = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> all = s3.listFiles(new org.apache.hadoop.fs.Path(output), true);
        while (all.hasNext()) {
            org.apache.hadoop.fs.Path file = all.next().getPath();
            if (file.getName().endsWith(".parquet")) {
                files.merge(file.getParent().getName(), 1, Integer::sum);
            }
        }
        return files;
    }

    static void awaitPort(int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!s3proxy.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + s3proxy.exitValue() + ": see " + dir.resolve("s3proxy.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("s3proxy did not listen on " + port + " within 60 s");
    }
}
</#if>
