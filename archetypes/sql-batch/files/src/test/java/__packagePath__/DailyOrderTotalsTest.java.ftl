<#-- The Java form of the job; --language scala makes the one in src/main/scala (src/test/scala) instead. -->
<#if app.language == "java">
package [=app.packageName];

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the job on Spark in local mode, on files the test writes: the same code that runs on
 * Kubernetes. One session for the whole class (starting one takes seconds, on every skaffold
 * rebuild).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DailyOrderTotalsTest {

    /** Two days, two customers; o-2 twice (a replayed export), counted once. */
    static final String ORDERS_CSV = """
            order_id,customer_id,country,amount,order_ts
            o-1,c-1,de,10.50,2026-01-01 09:00:00
            o-2,c-1,DE,4.50,2026-01-01 23:59:59
            o-2,c-1,DE,4.50,2026-01-01 23:59:59
            o-3,c-2,FR,7.00,2026-01-01 12:00:00
            o-4,c-1,DE,1.25,2026-01-02 00:00:00
            """;

    static final List<String> TOTALS = List.of(
            "2026-01-01,c-1,DE,2,15.00",
            "2026-01-01,c-2,FR,1,7.00",
            "2026-01-02,c-1,DE,1,1.25");

    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("daily-order-totals-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                // Few partitions: the test's data is tiny, and every shuffle partition is a task.
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void totalsEachDayCustomerAndCountryFromCsv() throws IOException {
        Path input = orders();
        String output = dir.resolve("totals").toString();

        long rows = DailyOrderTotals.run(spark, options(input, output, null));

        assertEquals(3, rows);
        assertEquals(TOTALS, read(spark, output));
        assertTrue(Files.isDirectory(Path.of(output, "order_date=2026-01-01")), "partitioned by order_date");
    }

    @Test
    void aSecondRunLeavesTheSameResult() throws IOException {
        Path input = orders();
        String output = dir.resolve("totals").toString();

        DailyOrderTotals.run(spark, options(input, output, null));
        DailyOrderTotals.run(spark, options(input, output, null));

        assertEquals(TOTALS, read(spark, output));
    }

    @Test
    void aRunForOneDayReplacesThatDayAndKeepsTheOthers() throws IOException {
        Path input = orders();
        String output = dir.resolve("totals").toString();
        DailyOrderTotals.run(spark, options(input, output, null));
        // A late order for 2026-01-02 arrives; the day is run again.
        Files.writeString(input.resolve("late.csv"),
                "order_id,customer_id,country,amount,order_ts\no-5,c-2,FR,2.00,2026-01-02 10:00:00\n");

        DailyOrderTotals.run(spark, options(input, output, LocalDate.parse("2026-01-02")));

        assertEquals(List.of(
                "2026-01-01,c-1,DE,2,15.00",
                "2026-01-01,c-2,FR,1,7.00",
                "2026-01-02,c-1,DE,1,1.25",
                "2026-01-02,c-2,FR,1,2.00"), read(spark, output));
    }

    @Test
    void readsParquetToo() throws IOException {
        String parquet = dir.resolve("orders-parquet").toString();
        spark.read().schema(DailyOrderTotals.ORDERS_SCHEMA).option("header", "true")
                .csv(orders().toString()).write().parquet(parquet);
        String output = dir.resolve("totals").toString();

        DailyOrderTotals.run(spark, new DailyOrderTotals.Options(parquet, output, "parquet", null));

        assertEquals(TOTALS, read(spark, output));
    }

    @Test
    void refusesABadCommandLine() {
        assertThrows(IllegalArgumentException.class, () -> DailyOrderTotals.Options.parse(new String[] {"--input", "x"}));
        assertThrows(IllegalArgumentException.class,
                () -> DailyOrderTotals.Options.parse(new String[] {"--input", "x", "--output", "y", "--format", "json"}));
        assertThrows(IllegalArgumentException.class,
                () -> DailyOrderTotals.Options.parse(new String[] {"--input", "x", "--output", "y", "--date", "yesterday"}));
        assertThrows(IllegalArgumentException.class,
                () -> DailyOrderTotals.Options.parse(new String[] {"--input", "x", "--outptu", "y"}));
    }

    // Last: main's getOrCreate() reuses this class's session and main stops it, so no test may
    // come after it (restarting the session would cost as much as starting it).
    @Test
    @Order(Integer.MAX_VALUE)
    void mainRunsTheJobFromItsArguments() throws IOException {
        Path input = orders();
        String output = dir.resolve("totals").toString();

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            DailyOrderTotals.main(new String[] {"--input", input.toString(), "--output", output, "--format", "csv"});
        } finally {
            System.setOut(original);
        }

        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("Wrote daily order totals: 3 rows to " + output),
                "main printed no result: " + captured);
        assertTrue(Files.isDirectory(Path.of(output, "order_date=2026-01-02")), "main wrote no totals");
    }

    private Path orders() throws IOException {
        Path input = Files.createDirectories(dir.resolve("orders"));
        Files.writeString(input.resolve("orders.csv"), ORDERS_CSV);
        return input;
    }

    static DailyOrderTotals.Options options(Path input, String output, LocalDate date) {
        return new DailyOrderTotals.Options(input.toString(), output, "csv", date);
    }

    /** The written totals as sorted CSV lines, read back as any reader of the output would. */
    static List<String> read(SparkSession spark, String output) {
        return spark.read().parquet(output)
                .selectExpr("CAST(order_date AS STRING)", "customer_id", "country", "orders", "CAST(total_amount AS STRING)")
                .orderBy("order_date", "customer_id", "country")
                .collectAsList().stream()
                .map(DailyOrderTotalsTest::line)
                .toList();
    }

    private static String line(Row row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            line.append(i == 0 ? "" : ",").append(row.get(i));
        }
        return line.toString();
    }
}
</#if>
