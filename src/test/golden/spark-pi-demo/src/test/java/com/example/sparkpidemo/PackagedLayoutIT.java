package com.example.sparkpidemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the job the way the image runs it, so that a job whose executors cannot load its
 * dependencies fails here and not on the cluster.
 *
 * <p>In the image, an executor's classpath holds Spark's jars, the application jar (which Spark
 * ships to it) and whatever k8s/base/spark.properties adds with {@code spark.executor.extraClassPath};
 * the runtime dependencies sit in /opt/spark/app/libs, where Jib puts them, and nothing else puts
 * them on the classpath. SparkPiTest cannot see that: in local mode the executors share the test's
 * JVM and its classpath. Here Spark runs in local-cluster mode, whose executors are JVMs of their
 * own started from SPARK_HOME/jars, and the package phase has laid the image out under
 * target/image (libs/: the runtime dependencies). The executors get the application jar, the
 * properties file's executor classpath with /opt/spark/app/libs pointing at target/image/libs, and
 * nothing more. (The driver is this test's JVM, which has every dependency: its classpath,
 * {@code spark.driver.extraClassPath}, is not checked here.)
 */
class PackagedLayoutIT {

    /** Where Jib puts the runtime dependencies in the image. */
    static final String IMAGE_LIBS = "/opt/spark/app/libs";
    /** Where the package phase copies them here (maven-dependency-plugin in pom.xml). */
    static final Path LIBS = Path.of("target/image/libs");
    static final String EXECUTOR_CLASS_PATH = "spark.executor.extraClassPath";

    private static SparkSession spark;

    @BeforeAll
    static void startSparkWithExecutorsInTheirOwnJvms() throws IOException {
        linkSparkJarsIntoSparkHome();
        SparkConf conf = new SparkConf(false)
                // One worker running one executor JVM with two cores: local-cluster[workers,cores,MiB].
                .setMaster("local-cluster[1,2,1024]")
                .setAppName("packaged-layout-test")
                // The application jar, as spark-submit ships it; the tests' jar, for their own tasks.
                .set("spark.jars", absolute("target/app.jar") + "," + absolute("target/app-tests.jar"))
                .set("spark.executor.memory", "512m")
                // A short-lived executor: it starts faster with the C1 compiler and the serial collector.
                .set("spark.executor.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        // Read from the base, never assumed: without it the executors here, as on the cluster, see
        // no runtime dependency.
        String classPath = baseSparkProperties().getProperty(EXECUTOR_CLASS_PATH);
        if (classPath != null) {
            conf.set(EXECUTOR_CLASS_PATH, classPath.replace(IMAGE_LIBS, LIBS.toAbsolutePath().toString()));
        }
        spark = SparkSession.builder().config(conf).getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void executorsInJvmsOfTheirOwnLoadTheJobFromTheApplicationJar() {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String jobClass = SparkPi.class.getName().replace('.', '/') + ".class";
        List<String> seen = context.parallelize(List.of(1, 2, 3, 4), 4)
                .map(i -> ProcessHandle.current().pid() + " "
                        + (Thread.currentThread().getContextClassLoader().getResource(jobClass) != null))
                .collect();

        assertFalse(seen.stream().anyMatch(s -> s.startsWith(ProcessHandle.current().pid() + " ")),
                "tasks ran in the test's JVM");
        assertEquals(List.of("true", "true", "true", "true"), seen.stream().map(s -> s.split(" ")[1]).toList(),
                "the executors cannot load " + jobClass + " from target/app.jar");
    }

    @Test
    void executorsLoadEveryRuntimeDependencyFromTheImageLayout() throws IOException {
        Map<String, String> jarOfClass = oneClassOfEachJarIn(LIBS);
        assumeFalse(jarOfClass.isEmpty(), "the application has no runtime dependencies");

        List<String> missing = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(List.copyOf(jarOfClass.keySet()), 2)
                .filter(name -> Thread.currentThread().getContextClassLoader().getResource(name) == null)
                .collect();

        assertTrue(missing.isEmpty(), "the executors cannot load "
                + missing.stream().map(jarOfClass::get).toList() + " from " + IMAGE_LIBS
                + ": k8s/base/spark.properties must put " + IMAGE_LIBS + "/* on " + EXECUTOR_CLASS_PATH);
    }

    /**
     * Fills SPARK_HOME/jars, where the worker takes the executors' classpath from, with links to
     * Spark's own jars: the provided dependencies, which the base image has in /opt/spark/jars.
     */
    static void linkSparkJarsIntoSparkHome() throws IOException {
        String sparkHome = Objects.requireNonNull(System.getenv("SPARK_HOME"), "SPARK_HOME is not set: run ./mvnw verify, pom.xml sets it");
        Path jars = Path.of(sparkHome, "jars");
        if (Files.isDirectory(jars)) {
            try (Stream<Path> old = Files.list(jars)) {
                for (Path link : old.toList()) {
                    Files.delete(link);
                }
            }
        }
        Files.createDirectories(jars);
        String classPath = Files.readString(Path.of("target/image/spark-jars.classpath")).strip();
        for (String jar : classPath.split(File.pathSeparator)) {
            Path target = Path.of(jar);
            Files.createSymbolicLink(jars.resolve(target.getFileName()), target);
        }
    }

    static Properties baseSparkProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("k8s/base/spark.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    /**
     * The name of one class file in each jar in {@code dir}, mapped to the jar's name. Looking the
     * file up as a resource tells whether the jar is on a classpath without linking the class,
     * which could need an optional dependency nobody ships.
     */
    static Map<String, String> oneClassOfEachJarIn(Path dir) throws IOException {
        Map<String, String> classes = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return classes;
        }
        try (Stream<Path> jars = Files.list(dir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    file.stream().map(JarEntry::getName)
                            .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class"))
                            .findFirst()
                            .ifPresent(name -> classes.put(name, jar.getFileName().toString()));
                }
            }
        }
        return classes;
    }

    static String absolute(String path) {
        return Path.of(path).toAbsolutePath().toString();
    }
}
