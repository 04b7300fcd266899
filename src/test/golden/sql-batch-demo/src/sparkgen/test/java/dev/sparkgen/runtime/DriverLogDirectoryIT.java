package dev.sparkgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The driver's log, persisted as component event-logs switches it on: a real Spark driver (local
 * mode, which is client mode, as the Job's driver is) with the component's settings writes its log
 * into a directory that did not exist before the run. An IT, so the seconds a Spark start costs
 * stay off skaffold's build line.
 */
class DriverLogDirectoryIT {

    @TempDir
    Path dir;

    @Test
    void theDriversLogIsPersistedToADirectoryNoOneCreated() throws IOException {
        Properties component = component("k8s/base/components/event-logs/event-logs.properties");
        Path logs = dir.resolve("spark-events/driver-logs");
        SparkConf settings = new SparkConf(false)
                .setMaster("local[1]")
                .setAppName("driver-log")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        for (String key : new String[] {DriverLogDirectory.PERSIST, "spark.plugins.defaultList"}) {
            settings.set(key, component.getProperty(key));
        }
        // The component's directory is the volume's; here the same place under a test directory.
        assertEquals("file:///var/spark-events/driver-logs", component.getProperty(DriverLogDirectory.DIRECTORY));
        settings.set(DriverLogDirectory.DIRECTORY, logs.toUri().toString());

        SparkSession spark = SparkSession.builder().config(settings).getOrCreate();
        String application;
        try {
            application = spark.sparkContext().applicationId();
            LoggerFactory.getLogger(DriverLogDirectoryIT.class).warn("a line of the driver's log");
        } finally {
            spark.stop();
        }

        Path log = logs.resolve(application + "_driver.log");
        assertTrue(Files.isRegularFile(log), () -> log + " was not written");
        assertTrue(Files.readString(log, StandardCharsets.UTF_8).contains("a line of the driver's log"));
    }

    @Test
    void createsNothingUnlessTheDriversLogIsPersisted() {
        Path logs = dir.resolve("driver-logs");
        SparkConf settings = new SparkConf(false).set(DriverLogDirectory.DIRECTORY, logs.toUri().toString());

        DriverLogDirectory.create(settings, new Configuration(false));
        assertFalse(Files.exists(logs));

        DriverLogDirectory.create(settings.set(DriverLogDirectory.PERSIST, "true"), new Configuration(false));
        assertTrue(Files.isDirectory(logs));
    }

    @Test
    void aDirectoryThatCannotBeCreatedCostsTheLogNotTheJob() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        SparkConf settings = new SparkConf(false)
                .set(DriverLogDirectory.PERSIST, "true")
                .set(DriverLogDirectory.DIRECTORY, file.resolve("driver-logs").toUri().toString());

        DriverLogDirectory.create(settings, new Configuration(false));

        assertFalse(Files.exists(file.resolve("driver-logs")));
    }

    static Properties component(String file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new FileReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
