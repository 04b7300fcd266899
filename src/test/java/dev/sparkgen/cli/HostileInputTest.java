package dev.sparkgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.PlanRenderer;
import dev.sparkgen.testing.ExternalTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI under hostile input, one row per case: the exit code, exactly one line on stderr naming
 * the bad value (plus picocli's "Try ... --help" for usage errors), no stack trace, and the file
 * system unchanged outside the target (for a refusal: unchanged at all).
 */
@Tag("slow")
class HostileInputTest {

  /** The default limits but a 2-second clock: the endless loop need not take 20 s here. */
  static final PlanRenderer.Limits LIMITS =
      new PlanRenderer.Limits(
          Duration.ofSeconds(2),
          PlanRenderer.Limits.DEFAULT.maxFileChars(),
          PlanRenderer.Limits.DEFAULT.maxTotalChars(),
          PlanRenderer.Limits.DEFAULT.stackBytes());

  @TempDir Path dir;

  /** Prepares the sandbox; {@code @} in an argument stands for the sandbox's path. */
  interface Setup {
    void in(Path sandbox) throws Exception;
  }

  static Arguments row(String what, Setup setup, List<String> args, int exit, String message) {
    return Arguments.of(what, setup, args, exit, message);
  }

  static Setup nothing() {
    return sandbox -> {};
  }

  static Setup template(String path, byte[] content) {
    return sandbox -> {
      Path file = sandbox.resolve("t/archetypes/spark-pi/files").resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    };
  }

  static Setup template(String path, String content) {
    return template(path, content.getBytes(StandardCharsets.UTF_8));
  }

  static Setup file(String name, String content) {
    return sandbox -> {
      Files.createDirectories(sandbox.resolve(name).getParent());
      Files.writeString(sandbox.resolve(name), content);
    };
  }

  static List<String> newJob(String... more) {
    List<String> args = new ArrayList<>(List.of("new", "job"));
    args.addAll(List.of(more));
    if (!args.contains("--output")) {
      args.addAll(List.of("--output", "@/out"));
    }
    return args;
  }

  /** A committed Maven Spark project at {@code @/p} (the plain sample), for init. */
  static Setup adoptable(Setup more) {
    return sandbox -> {
      ExternalTools.require("git");
      Path project = sandbox.resolve("p");
      Path sample = Path.of("src/test/resources/adopt/plain");
      try (Stream<Path> walk = Files.walk(sample)) {
        for (Path from : walk.toList()) {
          Path to = project.resolve(sample.relativize(from).toString());
          if (Files.isDirectory(from)) {
            Files.createDirectories(to);
          } else {
            Files.copy(from, to);
          }
        }
      }
      ExternalTools.run(project, "git", "init", "-q", "-b", "main").assertSuccess("git init");
      ExternalTools.commitAll(project, "team");
      more.in(sandbox);
    };
  }

  static List<String> initJob(String... more) {
    List<String> args = new ArrayList<>(List.of("init", "@/p"));
    args.addAll(List.of(more));
    return args;
  }

  /** A user's spark-pi descriptor offering Java alone, with {@code more} fields. */
  static String javaOnlyDescriptor(String more) {
    return "id: spark-pi\ndescription: mine\nmainClass: SparkPi\nlanguages: [java]\n"
        + "parameters:\n  - name: partitions\n    description: p\n    default: \"10\"\n"
        + "shared: [\"**\"]\n"
        + more;
  }

  static List<String> withTemplates(String... more) {
    List<String> args = newJob(more);
    args.addAll(List.of("--templates", "@/t"));
    return args;
  }

  static Stream<Arguments> cases() {
    String deep = "d".repeat(250) + "/";
    return Stream.of(
        // --output
        row(
            "dangling symlink",
            s -> Files.createSymbolicLink(s.resolve("link"), s.resolve("missing")),
            newJob("--output", "@/link"),
            2,
            "'@/link' is a symbolic link that leads nowhere"),
        row(
            "symlink loop",
            s -> Files.createSymbolicLink(s.resolve("loop"), s.resolve("loop")),
            newJob("--output", "@/loop"),
            2,
            "'@/loop' is a symbolic link that leads nowhere"),
        row(
            "under a symlink loop",
            s -> Files.createSymbolicLink(s.resolve("loop"), s.resolve("loop")),
            newJob("--output", "@/loop/job"),
            2,
            "'@/loop' is a symbolic link that leads nowhere"),
        row(
            "/proc/x",
            nothing(),
            newJob("--output", "/proc/x"),
            2,
            "Output '/proc/x' cannot be created in '/proc'"),
        row(
            "/sys/x",
            nothing(),
            newJob("--output", "/sys/x"),
            2,
            "Output '/sys/x' cannot be created in '/sys'"),
        row(
            "a file",
            s -> Files.writeString(s.resolve("f"), "mine"),
            newJob("--output", "@/f"),
            2,
            "Output '@/f' exists and is a file"),
        row(
            "under a file",
            s -> Files.writeString(s.resolve("f"), "mine"),
            newJob("--output", "@/f/job"),
            2,
            "'@/f' is not a directory"),
        row(
            "a non-empty directory",
            s -> Files.writeString(Files.createDirectory(s.resolve("d")).resolve("x"), "mine"),
            newJob("--output", "@/d"),
            2,
            "Output directory '@/d' exists and is not empty"),
        row(
            "a non-empty directory is refused before a runaway template renders",
            s -> {
              template("x.txt.ftl", "<#list 1.. as i></#list>").in(s);
              Files.writeString(Files.createDirectory(s.resolve("d")).resolve("x"), "mine");
            },
            withTemplates("--output", "@/d"),
            2,
            "Output directory '@/d' exists and is not empty"),
        row(
            "a leftover in-place staging directory",
            s -> Files.createDirectories(s.resolve("d/.sparkgen-staging")),
            newJob("--output", "@/d"),
            2,
            "Output directory '@/d' exists and is not empty"),
        row(
            "a path over PATH_MAX",
            nothing(),
            newJob("--output", "@/" + deep.repeat(16) + "job"),
            2,
            "is too deep for the generated tree"),
        // names, packages, registries, lists
        row(
            "name with a newline",
            nothing(),
            List.of("new", "job\nrm -rf ~", "--output", "@/out"),
            2,
            "Application name 'job\\nrm -rf ~' is not a DNS-1123 label"),
        row(
            "name with a terminal escape",
            nothing(),
            List.of("new", "job\u001b[2J", "--output", "@/out"),
            2,
            "Application name 'job\\u001b[2J' is not a DNS-1123 label"),
        row(
            "group of 5,201 characters",
            nothing(),
            newJob("--group", "a.".repeat(2600) + "a"),
            2,
            "The group 'a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.…' is 5201 characters long"),
        row(
            "package of 6,000 characters",
            nothing(),
            newJob("--package", "a.".repeat(3000) + "a"),
            2,
            "is 6001 characters long"),
        row(
            "package segment of 300 characters",
            nothing(),
            newJob("--package", "com." + "x".repeat(300)),
            2,
            "has a segment of 300 characters"),
        row(
            "package of 4,000 characters",
            nothing(),
            newJob("--package", ("p".repeat(200) + ".").repeat(20) + "p"),
            2,
            "is 4021 characters long"),
        row(
            "package java.lang",
            nothing(),
            newJob("--package", "java.lang"),
            2,
            "The package 'java.lang' is reserved for the JDK"),
        row(
            "package java.foo",
            nothing(),
            newJob("--package", "java.foo"),
            2,
            "The package 'java.foo' is reserved for the JDK"),
        row("empty package", nothing(), newJob("--package", ""), 2, "The package is empty"),
        row(
            "registry port 99999",
            nothing(),
            newJob("--registry", "r.io:99999"),
            2,
            "Registry 'r.io:99999' has port 99999"),
        row(
            "registry port 0",
            nothing(),
            newJob("--registry", "r.io:0"),
            2,
            "Registry 'r.io:0' has port 0"),
        row(
            "registry label of 300 characters",
            nothing(),
            newJob("--registry", "x".repeat(300) + ".io"),
            2,
            "has a host name label of 300 characters"),
        row(
            "registry of 10,000 characters",
            nothing(),
            newJob("--registry", "a.".repeat(5000) + "io"),
            2,
            "is 10002 characters long"),
        row(
            "trailing comma in --envs",
            nothing(),
            newJob("--envs", "dev,"),
            2,
            "The environment list 'dev,' has an empty item"),
        row(
            "--param twice",
            nothing(),
            newJob("--param", "partitions=1", "--param", "partitions=2"),
            2,
            "Parameter 'partitions' is given twice"),
        row(
            "--param without =",
            nothing(),
            newJob("--param", "partitions"),
            2,
            "Parameter 'partitions' has no value"),
        row("--java beyond int", nothing(), newJob("--java", "99999999999"), 2, "'99999999999'"),
        row(
            "empty --spark",
            nothing(),
            newJob("--spark", ""),
            2,
            "Spark version '' is not supported"),
        row(
            "archetype as a path",
            nothing(),
            newJob("--archetype", "../../etc"),
            2,
            "Archetype '../../etc' does not exist"),
        row("new -x", nothing(), List.of("new", "-x"), 2, "Unknown option: '-x'"),
        // --submit and --defaults: the Standalone submission
        row(
            "submit file with an unterminated quote",
            file("submit.sh", "spark-submit \\\n  --conf \"spark.a=1 app.jar\n"),
            newJob("--submit", "@/submit.sh"),
            2,
            "Submit file @/submit.sh line 2 opens a \" quote that is never closed"),
        row(
            "submit file without spark-submit",
            file("submit.sh", "#!/bin/sh\necho spark-submit is not run here\n"),
            newJob("--submit", "@/submit.sh"),
            2,
            "Submit file @/submit.sh runs no spark-submit"),
        row(
            "submit file with an unknown option",
            file("submit.sh", "spark-submit \\\n --num-executor 4 app.jar\n"),
            newJob("--submit", "@/submit.sh"),
            2,
            "Submit file @/submit.sh line 2 gives spark-submit the option '--num-executor'"),
        row(
            "submit file that does not exist",
            nothing(),
            newJob("--submit", "@/missing.sh"),
            2,
            "Submit file '@/missing.sh' does not exist"),
        row(
            "submit file that is a FIFO",
            s -> new ProcessBuilder("mkfifo", s.resolve("fifo").toString()).start().waitFor(),
            newJob("--submit", "@/fifo"),
            2,
            "Submit file '@/fifo' is not a regular file"),
        row(
            "submit file of 2 MiB",
            s -> {
              try (RandomAccessFile f = new RandomAccessFile(s.resolve("big.sh").toFile(), "rw")) {
                f.setLength(2L << 20);
              }
            },
            newJob("--submit", "@/big.sh"),
            2,
            "Submit file '@/big.sh' is 2,097,152 bytes; at most 1,048,576 are accepted"),
        row(
            "submit file not UTF-8",
            s -> Files.write(s.resolve("submit.sh"), new byte[] {'s', 'p', (byte) 0xff}),
            newJob("--submit", "@/submit.sh"),
            2,
            "Submit file '@/submit.sh' is not UTF-8 text"),
        row(
            "defaults for an unknown environment",
            file("qa.conf", "spark.executor.memory 2g\n"),
            newJob("--defaults", "qa=@/qa.conf"),
            2,
            "--defaults names the environment 'qa' (for @/qa.conf), which is not one of this repository's: dev, staging, prod"),
        row(
            "defaults without ENV=",
            file("prod.conf", "spark.a 1\n"),
            newJob("--defaults", "@/prod.conf"),
            2,
            "--defaults '@/prod.conf' is not ENV=FILE"),
        row(
            "defaults that are a directory",
            s -> Files.createDirectory(s.resolve("conf")),
            newJob("--defaults", "prod=@/conf"),
            2,
            "Defaults file '@/conf' is not a regular file"),
        row(
            "defaults with a size Spark refuses",
            file("prod.conf", "# prod\nspark.executor.memory 8GiB\n"),
            newJob("--defaults", "prod=@/prod.conf"),
            2,
            "Defaults file prod.conf line 2 sets spark.executor.memory to '8GiB'"),
        // init takes the same --submit and --defaults, read the same way
        row(
            "init: submit file that does not exist",
            adoptable(nothing()),
            initJob("--submit", "@/missing.sh"),
            2,
            "Submit file '@/missing.sh' does not exist"),
        row(
            "init: submit file without spark-submit",
            adoptable(file("submit.sh", "#!/bin/sh\necho nothing to submit\n")),
            initJob("--submit", "@/submit.sh"),
            2,
            "Submit file @/submit.sh runs no spark-submit"),
        row(
            "init: submit file with an unterminated quote",
            adoptable(file("submit.sh", "spark-submit \\\n  --name \"ledger app.jar\n")),
            initJob("--submit", "@/submit.sh"),
            2,
            "Submit file @/submit.sh line 2 opens a \" quote that is never closed"),
        row(
            "init: a --class that is no class of the sources",
            adoptable(file("submit.sh", "spark-submit --class com.acme.Gone app.jar\n")),
            initJob("--submit", "@/submit.sh"),
            2,
            "Submit file submit.sh line 1 runs --class com.acme.Gone, which is no class of this project's sources"),
        row(
            "init: a malformed --packages coordinate",
            adoptable(file("submit.sh", "spark-submit --packages org.jooq:joou app.jar\n")),
            initJob("--submit", "@/submit.sh"),
            2,
            "Submit file submit.sh line 1 names the package 'org.jooq:joou', which is not groupId:artifactId:version"),
        row(
            "init: defaults for an unknown environment",
            adoptable(file("qa.conf", "spark.executor.memory 2g\n")),
            initJob("--defaults", "qa=@/qa.conf"),
            2,
            "--defaults names the environment 'qa' (for @/qa.conf), which is not one of this repository's"),
        row(
            "init: defaults not UTF-8",
            adoptable(s -> Files.write(s.resolve("prod.conf"), new byte[] {'s', (byte) 0xc3, '('})),
            initJob("--defaults", "prod=@/prod.conf"),
            2,
            "Defaults file '@/prod.conf' is not UTF-8 text"),
        row(
            "defaults with a broken escape",
            file("prod.conf", "spark.a \\u00zz\n"),
            newJob("--defaults", "prod=@/prod.conf"),
            2,
            "Defaults file @/prod.conf line 1 has a malformed \\uXXXX escape"),
        // --language: what the archetype offers
        row(
            "a language sparkgen does not know",
            nothing(),
            newJob("--language", "kotlin"),
            2,
            "Language 'kotlin' is not known; use one of java, scala."),
        row(
            "scala for an archetype offered in java only",
            file("t/archetypes/spark-pi/archetype.yaml", javaOnlyDescriptor("")),
            withTemplates("--language", "scala"),
            2,
            "Archetype 'spark-pi' is offered in java, not in scala; see 'sparkgen archetypes'."),
        row(
            "no object store for an archetype that needs one",
            file(
                "t/archetypes/spark-pi/archetype.yaml",
                javaOnlyDescriptor("objectStore: required\n")),
            withTemplates(),
            2,
            "Archetype 'spark-pi' keeps its data on an object store and needs one; pass --object-store with"),
        // --templates
        row(
            "templates not a directory",
            s -> Files.writeString(s.resolve("t"), "x"),
            newJob("--templates", "@/t"),
            2,
            "Template folder '@/t' is not a directory"),
        row(
            "recursive macro",
            template("x.txt.ftl", "<#macro r><@r/></#macro><@r/>"),
            withTemplates(),
            2,
            "Template files/x.txt.ftl does not render: it nests too deeply"),
        row(
            "huge output",
            template("x.txt.ftl", "<#list 1.. as i>0123456789</#list>"),
            withTemplates(),
            2,
            "Template files/x.txt.ftl does not render: its output exceeds 16,777,216 characters"),
        row(
            "endless loop",
            template("x.txt.ftl", "<#list 1.. as i></#list>"),
            withTemplates(),
            2,
            "Template files/x.txt.ftl does not render: it did not finish within 2 s"),
        row(
            "<#list 1..></#list>",
            template("x.txt.ftl", "<#list 1..></#list>"),
            withTemplates(),
            2,
            "Template files/x.txt.ftl line 1 does not render"),
        row(
            "huge value in memory",
            template("x.txt.ftl", "[=''?left_pad(2147483647)]"),
            withTemplates(),
            2,
            "Template files/x.txt.ftl does not render: it needs more memory than the JVM has"),
        row(
            "non-UTF-8 template",
            template("x.txt.ftl", new byte[] {'c', 'a', 'f', (byte) 0xe9}),
            withTemplates(),
            2,
            "Template files/x.txt.ftl does not render: it is not UTF-8 text"),
        row(
            "template named ...ftl",
            template("...ftl", "x"),
            withTemplates(),
            2,
            "Template files/...ftl would be written as '..'"),
        row(
            "template named sub/..ftl",
            template("sub/..ftl", "x"),
            withTemplates(),
            2,
            "Template files/sub/..ftl would be written as 'sub/.'"),
        row(
            "template named for the answers file",
            template(".sparkgen.yaml.ftl", "x"),
            withTemplates(),
            2,
            "would be written as '.sparkgen.yaml', which the generator writes itself"),
        row(
            "template named for a directory",
            template("src.ftl", "x"),
            withTemplates(),
            2,
            "Template files/src.ftl would be written as 'src', which files/"),
        row(
            "symlink to /etc/passwd",
            s -> {
              template("x.txt", "x").in(s);
              Files.createSymbolicLink(
                  s.resolve("t/archetypes/spark-pi/files/leak.txt"), Path.of("/etc/passwd"));
            },
            withTemplates(),
            2,
            "contains the symbolic link '@/t/archetypes/spark-pi/files/leak.txt'"),
        row(
            "FIFO as a template",
            s -> {
              template("x.txt", "x").in(s);
              new ProcessBuilder(
                      "mkfifo", s.resolve("t/archetypes/spark-pi/files/pom.xml.ftl").toString())
                  .start()
                  .waitFor();
            },
            withTemplates(),
            2,
            "'@/t/archetypes/spark-pi/files/pom.xml.ftl', which is not a regular file"),
        row(
            "sparse 17 MiB template",
            s -> {
              template("x.txt", "x").in(s);
              try (RandomAccessFile f =
                  new RandomAccessFile(
                      s.resolve("t/archetypes/spark-pi/files/big.ftl").toFile(), "rw")) {
                f.setLength(17L << 20);
              }
            },
            withTemplates(),
            2,
            "'@/t/archetypes/spark-pi/files/big.ftl', 17,825,792 bytes"),
        // Accepted: only the target changes.
        row(
            "symlink to an empty directory",
            s ->
                Files.createSymbolicLink(
                    s.resolve("link"), Files.createDirectory(s.resolve("real"))),
            newJob("--output", "@/link"),
            0,
            ""),
        row(
            "a name of 240 characters",
            nothing(),
            newJob("--output", "@/" + "j".repeat(240)),
            0,
            ""),
        row(
            "package segment of 255 characters",
            nothing(),
            newJob("--package", "com." + "x".repeat(255)),
            0,
            ""),
        row(
            "a directory named like a staging one",
            s -> Files.createDirectory(s.resolve(".sparkgen-staging-x")),
            newJob("--output", "@/out"),
            0,
            ""),
        row(
            "a submit file and defaults",
            s -> {
              file("submit.sh", "spark-submit --class com.acme.Job --executor-memory 2g app.jar\n")
                  .in(s);
              file("prod.conf", "spark.executor.cores 2\n").in(s);
            },
            newJob("--submit", "@/submit.sh", "--defaults", "prod=@/prod.conf"),
            0,
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersHostileInputAsTheReadmePromises(
      String what, Setup setup, List<String> args, int exit, String message) throws Exception {
    Path sandbox = dir.toRealPath();
    setup.in(sandbox);
    String[] argv =
        args.stream().map(a -> a.replace("@", sandbox.toString())).toArray(String[]::new);
    Map<String, String> before = snapshot(sandbox);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        SparkgenCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), LIMITS)
            .execute(argv);

    assertThat(code).as(err.toString()).isEqualTo(exit);
    Map<String, String> after = snapshot(sandbox);
    if (exit == 0) {
      assertThat(err.toString()).isEmpty();
      String target = argv[List.of(argv).indexOf("--output") + 1];
      Path resolved = Path.of(target).toRealPath();
      // Only the target changed: new entries under it, and it itself if it did not exist.
      after
          .keySet()
          .removeIf(
              key -> {
                Path path = sandbox.resolve(key);
                return path.startsWith(resolved)
                    && (!path.equals(resolved) || !before.containsKey(key));
              });
      assertThat(after).isEqualTo(before);
      assertThat(Path.of(target).resolve("pom.xml")).exists();
      return;
    }
    List<String> lines =
        err.toString().lines().filter(l -> !l.startsWith("Try 'sparkgen")).toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("sparkgen: ")
        .doesNotStartWith("sparkgen: failed")
        .contains(message.replace("@", sandbox.toString()))
        .doesNotContain("Exception", "\tat ");
    assertThat(out.toString()).isEmpty();
    assertThat(after).isEqualTo(before);
  }

  /**
   * Every path under the sandbox, not following links: type, mode, size, content or link target. A
   * directory's size is left out: its entries are in the walk, and the number itself is the file
   * system's (tmpfs counts entries ever made in it, ext4 blocks).
   */
  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> state = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        String key = root.relativize(path).toString();
        Map<String, Object> attrs =
            Files.readAttributes(path, "unix:mode,ino,size", LinkOption.NOFOLLOW_LINKS);
        Map<String, Object> kept = new TreeMap<>(attrs);
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          kept.remove("size");
        }
        String value = kept.toString();
        if (Files.isSymbolicLink(path)) {
          value += " -> " + Files.readSymbolicLink(path);
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
            && (long) attrs.get("size") < (1 << 20)) {
          value += " " + sha256(Files.readAllBytes(path));
        }
        state.put(key, value);
      }
    }
    return state;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
