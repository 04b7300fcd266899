package dev.sparkgen.check;

import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * sparkgen's packaged-layout check of an adopted project, run by {@code ./mvnw verify}
 * (exec-maven-plugin, execution sparkgen-packaged-layout in pom.xml): a class the executors
 * cannot load fails the build here, not the job on the cluster.
 *
 * <p>In the image, an executor's class path is Spark's jars (/opt/spark/jars of the base image),
 * the application jar (which Spark ships to it) and /opt/spark/app/libs/*, where Jib puts the
 * compile and runtime dependencies (spark.executor.extraClassPath in k8s/base/spark.properties).
 * A dependency declared {@code provided} is in none of them unless the image has it: on a
 * Standalone cluster {@code --packages} or {@code --jars} supplied such dependencies at submit
 * time; on Kubernetes nothing does.
 *
 * <p>The check lays that out: SPARK_HOME/jars gets what the base image has (the provided
 * dependencies reached through Spark's modules, Scala, Hadoop's client and the Kubernetes client,
 * from target/image/dependencies.tgf), and Spark runs in local-cluster mode, whose executors are
 * JVMs of their own started from SPARK_HOME/jars with the properties file's executor class path,
 * /opt/spark/app/libs pointing at target/image/libs. In those executors it looks up one class of
 * every jar Jib ships and every class the application jar names (its constant pools) that it does
 * not define itself. A class is looked up as a resource, never linked: linking could need an
 * optional dependency nobody ships.
 *
 * <p>It belongs to sparkgen ({@code sparkgen upgrade} replaces it); it is not part of the image.
 * To skip it: {@code -DskipTests}, as for the tests.
 */
public final class PackagedLayoutCheck {

    static final String IMAGE_LIBS = "/opt/spark/app/libs";
    static final String EXECUTOR_CLASS_PATH = "spark.executor.extraClassPath";
    static final Path IMAGE = Paths.get("target/image");
    static final Path LIBS = IMAGE.resolve("libs");
    static final Path APP_JAR = Paths.get("target/app.jar");

    /** What the base image has, by groupId and artifactId prefix: the roots of its jars. */
    static final Pattern IMAGE_ROOT = Pattern.compile(
            "org\\.apache\\.spark:spark-[a-z0-9-]+_2\\.1[0-9]|org\\.apache\\.spark:spark-[a-z0-9-]+_3"
                    + "|org\\.scala-lang:scala-(library|reflect)"
                    + "|org\\.apache\\.hadoop:hadoop-client-(api|runtime)"
                    + "|io\\.fabric8:[a-z0-9-]+");

    /** Classes of the JDK: the image has them. */
    static final Pattern JDK = Pattern.compile("(java|jdk|sun|com/sun)/.*");

    private PackagedLayoutCheck() {}

    public static void main(String[] args) throws Exception {
        String sparkHome = System.getenv("SPARK_HOME");
        if (sparkHome == null) {
            fail("SPARK_HOME is not set: run it through ./mvnw verify, which sets it (pom.xml, execution sparkgen-packaged-layout)");
        }
        for (Path required : Arrays.asList(APP_JAR, IMAGE.resolve("runtime.classpath"), IMAGE.resolve("provided.classpath"), IMAGE.resolve("dependencies.tgf"))) {
            if (!Files.exists(required)) {
                fail(required + " is missing: the package phase writes it (pom.xml, executions sparkgen-*)");
            }
        }
        Map<String, Path> provided = jars("provided.classpath");
        layOutLibs(jars("runtime.classpath"));
        Set<String> inImage = imageArtifacts(new String(Files.readAllBytes(IMAGE.resolve("dependencies.tgf")), StandardCharsets.UTF_8));
        linkSparkJars(Paths.get(sparkHome, "jars"), provided, inImage);

        // What to look up in the executors, and why each is needed.
        Map<String, String> needed = new TreeMap<>();
        for (Map.Entry<String, String> e : oneClassOfEachJarIn(LIBS).entrySet()) {
            needed.put(e.getKey(), "in " + e.getValue() + ", which Jib ships in " + IMAGE_LIBS);
        }
        needed.putAll(classesTheApplicationNames(APP_JAR));

        List<String> missing = lookUpInExecutors(new ArrayList<>(needed.keySet()));
        if (!missing.isEmpty()) {
            StringBuilder message = new StringBuilder("sparkgen packaged-layout check: the executors cannot load "
                    + missing.size() + " class" + (missing.size() == 1 ? "" : "es")
                    + " the job needs, and would fail on the cluster with NoClassDefFoundError:");
            for (String name : missing) {
                message.append("\n  ").append(name.replace('/', '.').replaceAll("\\.class$", ""))
                        .append(" (").append(needed.get(name)).append(")").append(where(name, provided));
            }
            message.append("\nJib ships the compile and runtime dependencies of pom.xml into " + IMAGE_LIBS
                    + ", on the executors' class path; the base image has Spark's own jars. A provided dependency is neither:"
                    + " on Standalone, --packages or --jars supplied it. Make it a compile dependency in pom.xml.");
            fail(message.toString());
        }
        System.out.println("sparkgen packaged-layout check: the executors load all " + needed.size()
                + " classes the application jar names and one of each jar in " + IMAGE_LIBS + ".");
    }

    /** Runs the lookups in executors of their own, laid out as in the image. */
    static List<String> lookUpInExecutors(List<String> names) throws IOException {
        String classPath = baseSparkProperties().getProperty(EXECUTOR_CLASS_PATH);
        SparkConf conf = new SparkConf(false)
                // One worker running one executor JVM: local-cluster[workers,cores,MiB].
                .setMaster("local-cluster[1,1,1024]")
                .setAppName("sparkgen-packaged-layout")
                // The application jar, as spark-submit ships it; this check's own classes, for its task.
                .set("spark.jars", APP_JAR.toAbsolutePath() + "," + ownJar().toAbsolutePath())
                .set("spark.executor.memory", "512m")
                .set("spark.executor.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        // Read from the base, never assumed: without it the executors see no dependency, as on the cluster.
        if (classPath != null) {
            conf.set(EXECUTOR_CLASS_PATH, classPath.replace(IMAGE_LIBS, LIBS.toAbsolutePath().toString()));
        }
        // Spark's core alone: a job may depend on spark-core without spark-sql.
        JavaSparkContext context = new JavaSparkContext(conf);
        try {
            if (names.isEmpty()) {
                return Collections.emptyList();
            }
            return new ArrayList<>(context.parallelize(names, 1)
                    .filter(name -> Thread.currentThread().getContextClassLoader().getResource(name) == null)
                    .collect());
        } finally {
            context.stop();
        }
    }

    /** The jars a classpath file of the package phase lists (pom.xml, executions sparkgen-*), by path. */
    static Map<String, Path> jars(String file) throws IOException {
        Map<String, Path> jars = new TreeMap<>();
        String classPath = new String(Files.readAllBytes(IMAGE.resolve(file)), StandardCharsets.UTF_8).trim();
        for (String jar : classPath.isEmpty() ? new String[0] : classPath.split(File.pathSeparator)) {
            Path path = Paths.get(jar);
            jars.put(path.toString(), path);
        }
        return jars;
    }

    /**
     * target/image/libs as Jib lays out /opt/spark/app/libs: the compile and runtime dependencies,
     * exactly those of this build (a jar of an earlier build's dependencies must not linger there).
     */
    static void layOutLibs(Map<String, Path> runtime) throws IOException {
        emptyDirectory(LIBS);
        for (Path jar : runtime.values()) {
            if (jar.getFileName().toString().endsWith(".jar")) {
                Files.createSymbolicLink(LIBS.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
    }

    static void emptyDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.list(dir)) {
                for (Path link : (Iterable<Path>) old::iterator) {
                    Files.delete(link);
                }
            }
        }
        Files.createDirectories(dir);
    }

    /**
     * groupId:artifactId of every artifact the base image has: whatever the dependency tree (verbose,
     * so that a dependency declared directly still shows under the Spark module that brings it too)
     * reaches from a root the image provides.
     */
    static Set<String> imageArtifacts(String tgf) {
        Map<String, String> labels = new HashMap<>();
        Map<String, List<String>> edges = new HashMap<>();
        String root = null;
        boolean inEdges = false;
        for (String line : tgf.split("\\r?\\n")) {
            if (line.trim().equals("#")) {
                inEdges = true;
                continue;
            }
            String[] parts = line.trim().split(" ", 3);
            if (parts.length < 2) {
                continue;
            }
            if (!inEdges) {
                labels.put(parts[0], line.trim().substring(parts[0].length() + 1));
                if (root == null) {
                    root = parts[0];
                }
            } else {
                edges.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
            }
        }
        Set<String> image = new TreeSet<>();
        List<String> queue = new ArrayList<>();
        for (String child : edges.getOrDefault(root, Collections.emptyList())) {
            if (IMAGE_ROOT.matcher(groupArtifact(labels.get(child))).matches()) {
                queue.add(child);
            }
        }
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            String node = queue.remove(queue.size() - 1);
            if (seen.add(node)) {
                image.add(groupArtifact(labels.get(node)));
                queue.addAll(edges.getOrDefault(node, Collections.emptyList()));
            }
        }
        return image;
    }

    /** "groupId:artifactId" of a tree label such as "(g:a:jar:1.0:provided - omitted for duplicate)". */
    static String groupArtifact(String label) {
        String[] parts = label.replaceFirst("^\\(", "").split(":");
        return parts.length < 2 ? "" : parts[0] + ":" + parts[1];
    }

    /** Whether the provided jar at {@code path} is the artifact {@code groupArtifact} (the local repository's layout). */
    static boolean isArtifact(Path path, String groupArtifact) {
        String[] ga = groupArtifact.split(":");
        Path version = path.getParent();
        Path artifact = version == null ? null : version.getParent();
        if (artifact == null || !artifact.getFileName().toString().equals(ga[1])) {
            return false;
        }
        String groupPath = ga[0].replace('.', '/');
        return artifact.getParent() != null && artifact.getParent().toString().replace(File.separatorChar, '/').endsWith("/" + groupPath);
    }

    /** SPARK_HOME/jars, where the worker takes the executors' class path from: links to the image's jars. */
    static void linkSparkJars(Path jars, Map<String, Path> provided, Set<String> inImage) throws IOException {
        emptyDirectory(jars);
        for (Path jar : provided.values()) {
            if (inImage.stream().anyMatch(ga -> isArtifact(jar, ga))) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
    }

    /** Where a missing class is on the build's class path, to say which dependency it is. */
    static String where(String name, Map<String, Path> provided) throws IOException {
        for (Path jar : provided.values()) {
            try (JarFile file = new JarFile(jar.toFile())) {
                if (file.getEntry(name) != null) {
                    return ": it is in " + jar.getFileName() + ", a provided dependency the image does not have";
                }
            }
        }
        return "";
    }

    /**
     * Every class the application jar's classes name in their constant pools and do not define,
     * mapped to one class that names it; the JDK's are left out.
     */
    static Map<String, String> classesTheApplicationNames(Path appJar) throws IOException {
        Map<String, String> named = new TreeMap<>();
        Set<String> defined = new HashSet<>();
        try (JarFile jar = new JarFile(appJar.toFile())) {
            List<JarEntry> classes = new ArrayList<>();
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    classes.add(entry);
                    defined.add(entry.getName());
                }
            }
            for (JarEntry entry : classes) {
                try (InputStream in = jar.getInputStream(entry)) {
                    for (String name : referencedClasses(in)) {
                        String file = name + ".class";
                        if (!defined.contains(file) && !JDK.matcher(name).matches()) {
                            named.putIfAbsent(file, "named by " + entry.getName().replaceAll("\\.class$", "").replace('/', '.'));
                        }
                    }
                }
            }
        }
        return named;
    }

    /** The CONSTANT_Class entries of a class file (JVMS 4.4), array types reduced to their element class. */
    static Set<String> referencedClasses(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != 0xCAFEBABE) {
            return Collections.emptySet();
        }
        data.readUnsignedShort();
        data.readUnsignedShort();
        int count = data.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = data.readUnsignedByte();
            switch (tag) {
                case 1: utf8[i] = data.readUTF(); break;
                case 7: classNames.add(data.readUnsignedShort()); break;
                case 8: case 16: case 19: case 20: data.skipBytes(2); break;
                case 15: data.skipBytes(3); break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: data.skipBytes(4); break;
                case 5: case 6: data.skipBytes(8); i++; break;
                default: throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (int index : classNames) {
            String name = utf8[index];
            if (name.startsWith("[")) {
                Matcher element = Pattern.compile("^\\[+L(.+);$").matcher(name);
                if (!element.matches()) {
                    continue;
                }
                name = element.group(1);
            }
            names.add(name);
        }
        return names;
    }

    /** The name of one class file in each jar in {@code dir}, mapped to the jar's name. */
    static Map<String, String> oneClassOfEachJarIn(Path dir) throws IOException {
        Map<String, String> classes = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return classes;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    for (JarEntry entry : Collections.list(file.entries())) {
                        String name = entry.getName();
                        if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                            classes.put(name, jar.getFileName().toString());
                            break;
                        }
                    }
                }
            }
        }
        return classes;
    }

    /** This check's classes as a jar, for the executors (Spark ships jars, not directories). */
    static Path ownJar() throws IOException {
        Path classes;
        try {
            classes = Paths.get(PackagedLayoutCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path jar = Paths.get("target/sparkgen-packaged-layout-check.jar");
        Path dir = classes.resolve("dev/sparkgen/check");
        try (OutputStream out = new FileOutputStream(jar.toFile());
                JarOutputStream zip = new JarOutputStream(out);
                DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.class")) {
            for (Path file : files) {
                zip.putNextEntry(new JarEntry("dev/sparkgen/check/" + file.getFileName()));
                try (InputStream in = new FileInputStream(file.toFile())) {
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        zip.write(buffer, 0, n);
                    }
                }
                zip.closeEntry();
            }
        }
        return jar;
    }

    static Properties baseSparkProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Paths.get("k8s/base/spark.properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
