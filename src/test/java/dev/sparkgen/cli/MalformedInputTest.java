package dev.sparkgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input to the commands that read a team's repository (upgrade, add-env, validate, init),
 * one row per case: the answers file (depth, size, aliases, encoding, field types, the paths it
 * names), properties files, a pom that is not plain XML, YAML nested without end. Each row runs on
 * a real generated (or adoptable) repository committed with real git and must give exit code 2,
 * exactly one stderr line that names the file and says what is wrong, no stack trace, no
 * StackOverflowError, and leave the sandbox (every path's type, mode, inode, size and content), git
 * status, every ref and {@code git fsck} as they were.
 */
@Tag("slow")
class MalformedInputTest {

  /** Deeper than any bound sparkgen accepts, deep enough to overflow a recursive reader's stack. */
  static final int DEEP = 20_000;

  static final byte[] LATIN1_LINE =
      "# caf\u00e9 cr\u00e8me\n".getBytes(StandardCharsets.ISO_8859_1);

  @TempDir static Path shared;

  /** A committed demo repository, copied for every row. */
  static Path generated;

  @TempDir Path dir;

  interface Setup {
    void in(Path sandbox) throws Exception;
  }

  @BeforeAll
  static void generateOnce() throws Exception {
    ExternalTools.require("git");
    generated = shared.resolve("job");
    assertThat(CliTest.run("new", "job", "--output", generated.toString()).exitCode()).isZero();
    ExternalTools.git(generated, "init", "-q", "-b", "main");
    ExternalTools.commitAll(generated, "sparkgen new");
  }

  static Arguments row(String what, Setup setup, List<String> args, String... message) {
    return Arguments.of(what, setup, args, List.of(message));
  }

  /** The committed demo at {@code @/job}, then {@code more}. */
  static Setup job(Setup more) {
    return sandbox -> {
      copy(generated, sandbox.resolve("job"));
      more.in(sandbox.resolve("job"));
    };
  }

  /** The committed plain Spark project at {@code @/p}, for init, then {@code more}. */
  static Setup adoptable(Setup more) {
    return sandbox -> HostileInputTest.adoptable(s -> more.in(s.resolve("p"))).in(sandbox);
  }

  /** Changes a file and commits it, so that a clean tree is not the reason for a refusal. */
  static Setup committed(String path, byte[] content) {
    return repo -> {
      Path file = repo.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      ExternalTools.commitAll(repo, "edit " + path);
    };
  }

  static Setup committed(String path, String content) {
    return committed(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** The answers file with {@code from} replaced by {@code to}, committed. */
  static Setup answers(String from, String to) {
    return repo -> {
      Path file = repo.resolve(".sparkgen.yaml");
      String text = Files.readString(file);
      assertThat(text).contains(from);
      committed(".sparkgen.yaml", text.replace(from, to)).in(repo);
    };
  }

  static Setup answersAppend(byte[] tail) {
    return repo -> {
      Files.write(repo.resolve(".sparkgen.yaml"), tail, StandardOpenOption.APPEND);
      ExternalTools.commitAll(repo, "edit answers");
    };
  }

  static Setup answersAppend(String tail) {
    return answersAppend(tail.getBytes(StandardCharsets.UTF_8));
  }

  static String deepFlow(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  static String deepBlock(int depth) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      yaml.append(" ".repeat(i)).append("k").append(":\n");
    }
    return yaml.append(" ".repeat(depth)).append("v\n").toString();
  }

  /** A billion laughs: ten levels of ten aliases each. */
  static String aliasBomb() {
    StringBuilder yaml = new StringBuilder("laughs:\n  a0: &a0 [lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("  a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    return yaml.toString();
  }

  static List<String> upgrade() {
    return List.of("upgrade", "--directory", "@/job");
  }

  static List<String> addEnv() {
    return List.of("add-env", "qa", "--directory", "@/job");
  }

  static List<String> validate() {
    return List.of("validate", "@/job");
  }

  static Stream<Arguments> cases() {
    String answers = ".sparkgen.yaml";
    // -Drows=REGEX runs only the rows whose name matches, while working on one.
    String only = System.getProperty("rows", "");
    return all(answers).filter(a -> only.isEmpty() || ((String) a.get()[0]).matches(only));
  }

  static Stream<Arguments> all(String answers) {
    return Stream.of(
        // The answers file: bounds.
        row(
            "upgrade: answers nested 20,000 deep (flow)",
            job(answersAppend("deep: " + deepFlow(DEEP) + "\n")),
            upgrade(),
            answers,
            "nested deeper than 100 levels"),
        row(
            "add-env: answers nested 20,000 deep (flow)",
            job(answersAppend("deep: " + deepFlow(DEEP) + "\n")),
            addEnv(),
            answers,
            "nested deeper than 100 levels"),
        row(
            "validate: answers nested 20,000 deep (flow)",
            job(answersAppend("deep: " + deepFlow(DEEP) + "\n")),
            validate(),
            answers,
            "nested deeper than 100 levels"),
        row(
            "upgrade: answers nested 3,000 deep (block)",
            job(answersAppend(deepBlock(3_000))),
            upgrade(),
            answers,
            "nested deeper than 100 levels"),
        row(
            "upgrade: answers of 17 MiB",
            // Not committed: the size is refused before git is asked whether the tree is clean.
            job(
                repo ->
                    Files.writeString(
                        repo.resolve(".sparkgen.yaml"),
                        "#" + "x".repeat(17 << 20) + "\n",
                        StandardOpenOption.APPEND)),
            upgrade(),
            answers,
            "at most 16,777,216"),
        row(
            "upgrade: a billion laughs in the answers",
            job(answersAppend(aliasBomb())),
            upgrade(),
            answers,
            "aliases"),
        row(
            "upgrade: answers not UTF-8",
            job(answersAppend(LATIN1_LINE)),
            upgrade(),
            answers,
            "not UTF-8"),
        row(
            "add-env: answers not UTF-8",
            job(answersAppend(LATIN1_LINE)),
            addEnv(),
            answers,
            "not UTF-8"),
        row(
            "validate: answers not UTF-8",
            job(answersAppend(LATIN1_LINE)),
            validate(),
            answers,
            "not UTF-8"),
        // The answers file: types per field.
        row(
            "upgrade: inputs.name is a mapping",
            job(answers("  name: job\n", "  name: {first: job}\n")),
            upgrade(),
            answers,
            "'inputs.name'",
            "text"),
        row(
            "upgrade: inputs.spark is a list",
            job(answers("  spark: 4.2.0\n", "  spark: [4.2.0]\n")),
            upgrade(),
            answers,
            "'inputs.spark'"),
        row(
            "upgrade: a parameter's value is a list",
            job(answers("    partitions: '10'\n", "    partitions: [1, 2]\n")),
            upgrade(),
            answers,
            "'inputs.parameters.partitions'"),
        row(
            "upgrade: generator.version is a mapping",
            job(answers("  version: ", "  version:\n    x: ")),
            upgrade(),
            answers,
            "'generator.version'"),
        row(
            "upgrade: an environment's name is a list",
            job(answers("    - name: dev\n", "    - name: [dev]\n")),
            upgrade(),
            answers,
            "'inputs.envs[0].name'"),
        row(
            "upgrade: a files entry is a mapping",
            job(answers("  .editorconfig: 100644", "  .editorconfig: {a: b}\n  x.txt: 100644")),
            upgrade(),
            answers,
            "'files..editorconfig'"),
        row(
            "upgrade: inputs.objectStores holds a mapping",
            job(answers("  objectStores: []", "  objectStores: [{s3a: x}]")),
            upgrade(),
            answers,
            "'inputs.objectStores[0]'"),
        // The answers file: the paths it names.
        row(
            "upgrade: a files entry leading out of the repository",
            sandbox -> {
              Files.createDirectories(sandbox.resolve("outside"));
              Files.writeString(sandbox.resolve("outside/notes.txt"), "mine\n");
              job(answers(
                      "  .editorconfig: 100644",
                      "  ../outside/notes.txt: 100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\n"
                          + "  .editorconfig: 100644"))
                  .in(sandbox);
            },
            upgrade(),
            answers,
            "'files'",
            "'../outside/notes.txt'",
            ".."),
        row(
            "add-env: a files entry leading out of the repository",
            job(
                answers(
                    "  .editorconfig: 100644",
                    "  k8s/../../x: 100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\n"
                        + "  .editorconfig: 100644")),
            addEnv(),
            answers,
            "'k8s/../../x'"),
        row(
            "upgrade: a files entry naming git's HEAD",
            job(
                answers(
                    "  .editorconfig: 100644",
                    "  .git/HEAD: 100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\n"
                        + "  .editorconfig: 100644")),
            upgrade(),
            answers,
            "'.git/HEAD'",
            ".git"),
        row(
            "upgrade: a files entry under a nested .GIT",
            job(
                answers(
                    "  .editorconfig: 100644",
                    "  sub/.GIT/config: 100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\n"
                        + "  .editorconfig: 100644")),
            upgrade(),
            answers,
            "'sub/.GIT/config'",
            ".git"),
        row(
            "upgrade: an absolute files entry",
            job(
                answers(
                    "  .editorconfig: 100644",
                    "  /etc/hostname: 100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\n"
                        + "  .editorconfig: 100644")),
            upgrade(),
            answers,
            "'/etc/hostname'",
            "absolute"),
        row(
            "upgrade: a files entry that is not normalised",
            job(
                answers(
                    "  .editorconfig: 100644",
                    "  k8s/./base//x.yaml: 100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\n"
                        + "  .editorconfig: 100644")),
            upgrade(),
            answers,
            "'k8s/./base//x.yaml'",
            "normalised"),
        row(
            "upgrade: a files entry with a NUL",
            job(
                answers(
                    "  .editorconfig: 100644",
                    "  \"a\\0b\": 100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\n"
                        + "  .editorconfig: 100644")),
            upgrade(),
            answers,
            "NUL"),
        row(
            "upgrade: templates.folder with a NUL",
            job(
                answers(
                    "archetype: spark-pi\n",
                    "templates:\n  folder: \"/tmp/t\\0x\"\n  digest: sha256:00\narchetype: spark-pi\n")),
            upgrade(),
            answers,
            "'templates.folder'",
            "NUL"),
        // Properties files.
        row(
            "validate: an overlay's spark.properties not UTF-8",
            job(
                repo -> {
                  Files.write(
                      repo.resolve("k8s/overlays/dev/spark.properties"),
                      LATIN1_LINE,
                      StandardOpenOption.APPEND);
                  ExternalTools.commitAll(repo, "dev settings");
                }),
            validate(),
            "k8s/overlays/dev/spark.properties",
            "not UTF-8"),
        row(
            "new: --defaults not UTF-8",
            sandbox -> Files.write(sandbox.resolve("dev.conf"), LATIN1_LINE),
            List.of("new", "job", "--output", "@/out", "--defaults", "dev=@/dev.conf"),
            "dev.conf",
            "not UTF-8"),
        row(
            "init: --defaults not UTF-8",
            adoptable(p -> Files.write(p.getParent().resolve("dev.conf"), LATIN1_LINE)),
            List.of("init", "@/p", "--defaults", "dev=@/dev.conf"),
            "dev.conf",
            "not UTF-8"),
        // The pom.
        row(
            "init: a pom declaring an internal DTD entity",
            adoptable(
                p -> {
                  String pom = Files.readString(p.resolve("pom.xml"));
                  committed(
                          "pom.xml",
                          pom.replaceFirst(
                                  "<project",
                                  "<!DOCTYPE project [<!ENTITY lol \"lol\">]>\n<project")
                              .replaceFirst("<description>", "<description>&lol;"))
                      .in(p);
                }),
            List.of("init", "@/p"),
            "pom.xml",
            "line 3",
            "DTD"),
        row(
            "init: a pom with a bare &",
            adoptable(
                p -> {
                  String pom = Files.readString(p.resolve("pom.xml"));
                  assertThat(pom).contains("<artifactId>");
                  committed("pom.xml", pom.replaceFirst("<artifactId>", "<artifactId>R&D")).in(p);
                }),
            List.of("init", "@/p"),
            "pom.xml",
            "line",
            "'&'",
            "&amp;"),
        row(
            "init: a pom nested 20,000 deep",
            adoptable(
                p -> {
                  String pom = Files.readString(p.resolve("pom.xml"));
                  committed(
                          "pom.xml",
                          pom.replaceFirst(
                              "</project>",
                              "<x>".repeat(DEEP) + "</x>".repeat(DEEP) + "\n</project>"))
                      .in(p);
                }),
            List.of("init", "@/p"),
            "pom.xml",
            "nested deeper than"),
        row(
            "init: a pom not UTF-8",
            adoptable(
                p -> {
                  byte[] pom = Files.readAllBytes(p.resolve("pom.xml"));
                  byte[] bad = new byte[pom.length + LATIN1_LINE.length];
                  System.arraycopy(pom, 0, bad, 0, pom.length);
                  System.arraycopy(LATIN1_LINE, 0, bad, pom.length, LATIN1_LINE.length);
                  committed("pom.xml", bad).in(p);
                }),
            List.of("init", "@/p"),
            "pom.xml",
            "not UTF-8"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithOneSentenceAndChangesNothing(
      String what, Setup setup, List<String> args, List<String> message) throws Exception {
    if (args.get(0).equals("validate")) {
      ExternalTools.require("kubectl");
    }
    Path sandbox = dir.toRealPath();
    setup.in(sandbox);
    String[] argv =
        args.stream().map(a -> a.replace("@", sandbox.toString())).toArray(String[]::new);
    // git first: its status may rewrite the index (same content, new inode).
    Map<Path, List<String>> gitBefore = gitState(sandbox);
    Map<String, String> before = HostileInputTest.snapshot(sandbox);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SparkgenCommand.commandLine(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                dev.sparkgen.plan.PlanRenderer.Limits.DEFAULT,
                SparkgenCommand.neededBy(argv),
                dev.sparkgen.archetype.ArchetypeCatalog.builtIn())
            .execute(argv);

    assertThat(code).as(err.toString()).isEqualTo(2);
    List<String> lines = err.toString().lines().toList();
    assertThat(lines).as(err.toString()).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("sparkgen: ")
        .doesNotStartWith("sparkgen: failed")
        .contains(message)
        .doesNotContain("Exception", "Error:", "\tat ", "com.ctc", "wstx", "snakeyaml");
    assertThat(lines.get(0).length()).as("one sentence, not a dump").isLessThan(600);
    assertThat(out.toString()).isEmpty();
    assertThat(changed(before, HostileInputTest.snapshot(sandbox))).isEmpty();
    assertThat(gitState(sandbox)).isEqualTo(gitBefore);
  }

  /**
   * YAML nested without end in what validate reads besides the answers is a finding on that file,
   * never a StackOverflowError: a resource kubectl renders as it stands (5,000 deep), a
   * kustomization deeper than kustomize itself takes, and skaffold.yaml.
   */
  @org.junit.jupiter.api.Test
  void deeplyNestedOverlaysAndSkaffoldConfigAreFindings() throws Exception {
    ExternalTools.require("kubectl");
    Path sandbox = dir.toRealPath();
    job(repo -> {
          Files.writeString(
              repo.resolve("k8s/overlays/dev/deep.yaml"),
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nextra: "
                  + deepFlow(5_000)
                  + "\n");
          Path dev = repo.resolve("k8s/overlays/dev/kustomization.yaml");
          Files.writeString(
              dev,
              Files.readString(dev).replace("  - ../../base\n", "  - ../../base\n  - deep.yaml\n"));
          Files.writeString(
              repo.resolve("k8s/overlays/staging/kustomization.yaml"),
              "x: " + deepFlow(DEEP) + "\n",
              StandardOpenOption.APPEND);
          Files.writeString(
              repo.resolve("skaffold.yaml"),
              "x: " + deepFlow(DEEP) + "\n",
              StandardOpenOption.APPEND);
          ExternalTools.commitAll(repo, "deep");
        })
        .in(sandbox);
    Map<Path, List<String>> gitBefore = gitState(sandbox);
    Map<String, String> before = HostileInputTest.snapshot(sandbox);

    CliTest.Run run = CliTest.run("validate", sandbox.resolve("job").toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains(
            "k8s/overlays/dev/kustomization.yaml: renders YAML that cannot be read: nested deeper than 100 levels (line ")
        .contains("k8s/overlays/staging/kustomization.yaml: does not render: ")
        .contains("skaffold.yaml: is not readable YAML: nested deeper than 100 levels (line ")
        .doesNotContain("StackOverflowError");
    assertThat(changed(before, HostileInputTest.snapshot(sandbox))).isEmpty();
    assertThat(gitState(sandbox)).isEqualTo(gitBefore);
  }

  /**
   * The paths whose state differs, so that a failure names them rather than printing both trees.
   */
  static List<String> changed(Map<String, String> before, Map<String, String> after) {
    java.util.Set<String> paths = new java.util.TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    return paths.stream()
        .filter(p -> !java.util.Objects.equals(before.get(p), after.get(p)))
        .map(p -> p + ": " + before.get(p) + " -> " + after.get(p))
        .toList();
  }

  /** For each git repository in the sandbox: status, every ref, and a clean fsck. */
  static Map<Path, List<String>> gitState(Path sandbox) throws Exception {
    Map<Path, List<String>> state = new java.util.TreeMap<>();
    for (String name : List.of("job", "p")) {
      Path repo = sandbox.resolve(name);
      if (!Files.isDirectory(repo.resolve(".git"))) {
        continue;
      }
      ExternalTools.Result fsck =
          ExternalTools.run(repo, "git", "fsck", "--strict", "--no-dangling");
      assertThat(fsck.exitCode()).as(fsck.stderr()).isZero();
      List<String> lines = new ArrayList<>();
      lines.add(ExternalTools.git(repo, "status", "--porcelain", "--ignored"));
      lines.add(ExternalTools.git(repo, "for-each-ref"));
      state.put(repo, lines);
    }
    return state;
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
