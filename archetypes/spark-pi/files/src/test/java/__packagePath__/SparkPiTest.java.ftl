<#-- The Java form of the job; --language scala makes the one in src/main/scala (src/test/scala) instead. -->
<#if app.language == "java">
package [=app.packageName];

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs the job on Spark in local mode: the same code that runs on Kubernetes. One session for the
 * whole class (starting one takes seconds, on every skaffold rebuild).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkPiTest {

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("spark-pi-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void estimatesPiWithinOneHundredth() {
        double pi = SparkPi.estimate(spark, 4, 250_000L);

        assertEquals(Math.PI, pi, 0.01);
    }

    @Test
    void givesTheSameEstimateOnEveryRun() {
        assertEquals(SparkPi.estimate(spark, 3, 10_000L), SparkPi.estimate(spark, 3, 10_000L));
    }

    // Last: main's getOrCreate() reuses this class's session and main stops it, so no test may
    // come after it (restarting the session would cost as much as starting it).
    @Test
    @Order(Integer.MAX_VALUE)
    void mainPrintsTheEstimate() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            SparkPi.main(new String[] {"2"});
        } finally {
            System.setOut(original);
        }

        Matcher line = Pattern.compile("Pi is roughly (\\d+\\.\\d+)").matcher(captured.toString(StandardCharsets.UTF_8));
        assertTrue(line.find(), "main printed no estimate: " + captured);
        assertEquals(Math.PI, Double.parseDouble(line.group(1)), 0.05);
    }

    @Test
    void rejectsPartitionsThatAreNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> SparkPi.parsePartitions("0"));
        assertThrows(IllegalArgumentException.class, () -> SparkPi.parsePartitions("ten"));
    }
}
</#if>
