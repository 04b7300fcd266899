package dev.sparkgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.cli.CliTest.Run;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The commands that change an existing repository ({@code upgrade}, {@code add-env}) under hostile
 * repositories, one row per case, each on a real repository committed with real git. After each
 * row: the exit code, exactly one line on stderr (when it fails) with no stack trace, {@code git
 * fsck} no worse than before, no staging directory and no lock left, and either the whole state
 * unchanged (tree digest of every path with type, mode, content and link target, {@code git status}
 * and branch {@code sparkgen-pristine}) or the row's own check of what changed.
 */
@Tag("slow")
class RepositoryHostileInputTest {

  static final String LOCK = ".git/sparkgen.lock";

  @TempDir static Path fixture;
  @TempDir Path dir;

  /** Prepares the repository {@code repo} (inside the sandbox {@code dir}). */
  interface Setup {
    void in(Path repo) throws Exception;
  }

  /** What must hold after a row that is allowed to change the repository. */
  interface Check {
    void after(Path repo, Run run) throws Exception;
  }

  static final Check UNCHANGED = (repo, run) -> {};

  @BeforeAll
  static void generateOnce() throws Exception {
    ExternalTools.require("git");
    Path repo = fixture.resolve("job");
    Run run = CliTest.run("new", "job", "--output", repo.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    ExternalTools.git(repo, "init", "-q", "-b", "main");
    ExternalTools.commitAll(repo, "sparkgen new");
    Path next = fixture.resolve("next");
    change(
        next,
        "archetypes/_shared/files/README.md.ftl",
        s -> s.replaceFirst("# \\[=app.name\\]\n", "# [=app.name] (Spark on Kubernetes)\n"));
    change(
        next,
        "archetypes/_shared/files/pom.xml.ftl",
        s ->
            s.replace(
                "<junit.version>6.1.3</junit.version>", "<junit.version>6.1.4</junit.version>"));
    change(
        next,
        "kustomize-base/components/driver-rbac/rbac.yaml",
        s -> "# Reviewed by the platform team.\n" + s);
    change(
        next,
        "archetypes/_shared/files/k8s/overlays/__env__/spark.properties.ftl",
        s -> s + "# next\n");
  }

  static Stream<Arguments> rows() {
    List<Arguments> rows = new ArrayList<>();
    // --allow-dirty never loses a byte.
    rows.add(
        row(
            "allow-dirty: an uncommitted edit of a managed file the templates leave alone stays",
            repo -> append(repo, "k8s/base/job.yaml", "# team note\n"),
            upgrade("--allow-dirty"),
            0,
            null,
            (repo, run) -> {
              assertThat(read(repo, "k8s/base/job.yaml")).endsWith("# team note\n");
              assertThat(run.out()).doesNotContain("your edit is in git");
            }));
    rows.add(
        row(
            "allow-dirty: an uncommitted edit of a managed file the templates change is merged",
            repo -> append(repo, "k8s/base/components/driver-rbac/rbac.yaml", "# team note\n"),
            upgrade("--allow-dirty"),
            0,
            null,
            (repo, run) -> {
              assertThat(read(repo, "k8s/base/components/driver-rbac/rbac.yaml"))
                  .startsWith("# Reviewed by the platform team.\n")
                  .endsWith("# team note\n");
              assertThat(run.out()).doesNotContain("your edit is in git");
            }));
    rows.add(
        row(
            "allow-dirty: an uncommitted edit on the lines the templates change is a conflict, kept",
            repo ->
                edit(repo, "k8s/base/components/driver-rbac/rbac.yaml", s -> "# team header\n" + s),
            upgrade("--allow-dirty"),
            1,
            "k8s/base/components/driver-rbac/rbac.yaml",
            (repo, run) ->
                assertThat(read(repo, "k8s/base/components/driver-rbac/rbac.yaml"))
                    .contains(
                        "<<<<<<< yours\n# team header\n", "# Reviewed by the platform team.\n")));
    rows.add(
        row(
            "allow-dirty: an uncommitted edit of a merged file stays",
            repo -> append(repo, "README.md", "draft\n"),
            upgrade("--allow-dirty"),
            0,
            null,
            (repo, run) ->
                assertThat(read(repo, "README.md"))
                    .startsWith("# job (Spark on Kubernetes)\n")
                    .endsWith("draft\n")));
    rows.add(
        row(
            "allow-dirty: an uncommitted edit of the answers file is refused",
            repo -> append(repo, ".sparkgen.yaml", "# why we pinned Spark\n"),
            upgrade("--allow-dirty"),
            2,
            ".sparkgen.yaml",
            UNCHANGED));
    rows.add(
        row(
            "allow-dirty: add-env merges an uncommitted edit of skaffold.yaml",
            repo -> edit(repo, "skaffold.yaml", s -> "# team note\n" + s),
            List.of("add-env", "qa", "--directory", "@", "--allow-dirty"),
            0,
            null,
            (repo, run) ->
                assertThat(read(repo, "skaffold.yaml")).contains("# team note\n", "name: \"qa\"")));

    // Nothing outside, nothing of git's.
    rows.add(
        row(
            "an answers entry ../outside/notes.txt",
            repo ->
                recordFile(repo, "../outside/notes.txt", outsideFile(repo, "outside/notes.txt")),
            upgrade(),
            2,
            "../outside/notes.txt",
            UNCHANGED));
    rows.add(
        row(
            "an answers entry k8s/../../outside/notes.txt",
            repo ->
                recordFile(
                    repo, "k8s/../../outside/notes.txt", outsideFile(repo, "outside/notes.txt")),
            upgrade(),
            2,
            "outside/notes.txt",
            UNCHANGED));
    rows.add(
        row(
            "an answers entry .git/HEAD",
            repo -> recordFile(repo, ".git/HEAD", Files.readAllBytes(repo.resolve(".git/HEAD"))),
            upgrade(),
            2,
            ".git/HEAD",
            UNCHANGED));
    rows.add(
        row(
            "k8s/overlays a symbolic link to a directory outside",
            repo -> linkOut(repo, "k8s/overlays"),
            upgrade(),
            2,
            "k8s/overlays",
            UNCHANGED));
    rows.add(
        row(
            "one overlay a symbolic link to a directory outside",
            repo -> linkOut(repo, "k8s/overlays/dev"),
            upgrade(),
            2,
            "k8s/overlays/dev",
            UNCHANGED));
    rows.add(
        row(
            "add-env through k8s/overlays linked outside",
            repo -> linkOut(repo, "k8s/overlays"),
            List.of("add-env", "qa", "--directory", "@"),
            2,
            "k8s/overlays",
            UNCHANGED));
    rows.add(
        row(
            "a generated file that is a symbolic link outside",
            repo -> linkOut(repo, "k8s/base/components/driver-rbac/rbac.yaml"),
            upgrade(),
            2,
            "k8s/base/components/driver-rbac/rbac.yaml",
            UNCHANGED));
    rows.add(
        row(
            "add-env where the new overlay's directory is a file",
            repo -> {
              Files.writeString(repo.resolve("k8s/overlays/qa"), "a file of the team's\n");
              ExternalTools.commitAll(repo, "a file");
            },
            List.of("add-env", "qa", "--directory", "@"),
            2,
            "k8s/overlays/qa",
            UNCHANGED));

    // One transaction: the lock and the pristine branch.
    rows.add(
        row(
            "another sparkgen holds the repository's lock",
            repo -> Files.writeString(repo.resolve(LOCK), lockOf(ProcessHandle.current())),
            upgrade(),
            2,
            "Another sparkgen",
            UNCHANGED));
    rows.add(
        row(
            "another sparkgen holds the lock during add-env",
            repo -> Files.writeString(repo.resolve(LOCK), lockOf(ProcessHandle.current())),
            List.of("add-env", "qa", "--directory", "@"),
            2,
            "Another sparkgen",
            UNCHANGED));
    rows.add(
        row(
            "a stale lock of a process that is gone is taken over",
            repo -> {
              Process gone = new ProcessBuilder("true").start();
              gone.waitFor();
              Files.writeString(
                  repo.resolve(LOCK), "pid " + gone.pid() + "\nstarted 2026-01-01T00:00:00Z\n");
            },
            upgrade(),
            0,
            null,
            (repo, run) ->
                assertThat(read(repo, "README.md")).startsWith("# job (Spark on Kubernetes)\n")));
    rows.add(
        row(
            "branch sparkgen-pristine points at a blob",
            repo -> pristineAt(repo, ExternalTools.git(repo, "rev-parse", "HEAD:README.md")),
            upgrade(),
            2,
            "sparkgen-pristine",
            UNCHANGED));
    rows.add(
        row(
            "branch sparkgen-pristine points at a missing object",
            repo -> pristineAt(repo, "0123456789abcdef0123456789abcdef01234567"),
            upgrade(),
            2,
            "sparkgen-pristine",
            UNCHANGED));

    // Merges that respect the file.
    byte[] png = {
      (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', '\n'
    };
    rows.add(
        row(
            "a file the templates change replaced by binary content",
            repo -> {
              Files.write(repo.resolve("README.md"), png);
              ExternalTools.commitAll(repo, "binary");
            },
            upgrade(),
            1,
            "README.md",
            (repo, run) ->
                assertThat(Files.readAllBytes(repo.resolve("README.md"))).isEqualTo(png)));
    rows.add(
        row(
            "a CRLF checkout (.gitattributes eol=crlf) without edits",
            repo -> crlfCheckout(repo, false),
            upgrade(),
            0,
            null,
            RepositoryHostileInputTest::cleanCrlfUpgrade));
    rows.add(
        row(
            "a CRLF checkout (core.autocrlf=true) without edits",
            repo -> crlfCheckout(repo, true),
            upgrade(),
            0,
            null,
            RepositoryHostileInputTest::cleanCrlfUpgrade));
    rows.add(
        row(
            "a file of mode 0600 the templates change",
            repo -> chmod(repo, "README.md", "rw-------"),
            upgrade(),
            0,
            null,
            (repo, run) -> assertThat(mode(repo, "README.md")).isEqualTo("rw-------")));
    rows.add(
        row(
            "a file of mode 0640 the templates change",
            repo -> chmod(repo, "pom.xml", "rw-r-----"),
            upgrade(),
            0,
            null,
            (repo, run) -> assertThat(mode(repo, "pom.xml")).isEqualTo("rw-r-----")));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void refusesOrKeepsEveryByte(
      String what, Setup setup, List<String> args, int exit, String message, Check check)
      throws Exception {
    Path repo = dir.resolve("job");
    ExternalTools.run(dir, "cp", "-a", fixture.resolve("job").toString(), repo.toString())
        .assertSuccess("cp");
    setup.in(repo);
    String lockBefore =
        Files.exists(repo.resolve(LOCK)) ? Files.readString(repo.resolve(LOCK)) : null;
    State before = State.of(dir, repo);

    Run run =
        CliTest.run(
            args.stream()
                .map(
                    a ->
                        a.replace("@", repo.toString())
                            .replace("#", fixture.resolve("next").toString()))
                .toArray(String[]::new));

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exit);
    if (exit != 0) {
      assertThat(run.err()).as("one line on stderr").hasLineCount(1).contains(message);
      assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }
    State after = State.of(dir, repo);
    assertThat(after.fsckClean)
        .as("git fsck: " + after.fsck)
        .isGreaterThanOrEqualTo(before.fsckClean);
    assertThat(after.outside)
        .as("nothing outside the repository changed")
        .isEqualTo(before.outside);
    try (Stream<Path> list = Files.list(repo)) {
      assertThat(list.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".sparkgen-staging"));
    }
    if (lockBefore != null && exit == 2) {
      assertThat(repo.resolve(LOCK))
          .as("another run's lock is not ours to remove")
          .hasContent(lockBefore);
    } else {
      assertThat(repo.resolve(LOCK)).doesNotExist();
    }
    if (check == UNCHANGED) {
      assertThat(after.tree).isEqualTo(before.tree);
      assertThat(after.status).isEqualTo(before.status);
      assertThat(after.pristine).isEqualTo(before.pristine);
    } else {
      check.after(repo, run);
      assertThat(ExternalTools.git(repo, "cat-file", "-t", "sparkgen-pristine"))
          .isEqualTo("commit");
    }
  }

  /**
   * What a row may not change: the repository's tree, its git status, its branch, and the sandbox
   * outside it.
   */
  record State(
      Map<String, String> tree,
      String status,
      String pristine,
      Map<String, String> outside,
      int fsckClean,
      String fsck) {
    static State of(Path sandbox, Path repo) throws Exception {
      ExternalTools.Result fsck =
          ExternalTools.run(repo, "git", "fsck", "--no-dangling", "--no-progress");
      Path ref = repo.resolve(".git/refs/heads/sparkgen-pristine");
      return new State(
          digest(repo, repo),
          ExternalTools.run(repo, "git", "status", "--porcelain", "--untracked-files=all").stdout(),
          Files.exists(ref) ? Files.readString(ref) : "none",
          digest(sandbox, repo),
          fsck.exitCode() == 0 && fsck.stderr().isBlank() ? 1 : 0,
          fsck.stdout() + fsck.stderr());
    }
  }

  /**
   * Every path under {@code root} (without .git's objects and {@code skip}): type, mode, content
   * hash, link target.
   */
  static Map<String, String> digest(Path root, Path skip) throws Exception {
    Map<String, String> paths = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        String relative = root.relativize(path).toString();
        if ((!skip.equals(root) && path.startsWith(skip))
            || relative.startsWith(".git/objects")
            || relative.startsWith(".git/logs")
            || relative.equals(".git/index")) {
          continue;
        }
        String entry;
        if (Files.isSymbolicLink(path)) {
          entry = "link " + Files.readSymbolicLink(path);
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          entry = "dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } else {
          entry =
              "file "
                  + PosixFilePermissions.toString(Files.getPosixFilePermissions(path))
                  + " "
                  + HexFormat.of()
                      .formatHex(
                          MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
        }
        paths.put(relative, entry);
      }
    }
    return paths;
  }

  static Arguments row(
      String what, Setup setup, List<String> args, int exit, String message, Check check) {
    return Arguments.of(what, setup, args, exit, message, check);
  }

  static List<String> upgrade(String... more) {
    List<String> args = new ArrayList<>(List.of("upgrade", "--directory", "@", "--templates", "#"));
    args.addAll(List.of(more));
    return args;
  }

  static void append(Path repo, String path, String text) throws IOException {
    edit(repo, path, s -> s + text);
  }

  static void edit(Path repo, String path, UnaryOperator<String> change) throws IOException {
    Files.writeString(repo.resolve(path), change.apply(Files.readString(repo.resolve(path))));
  }

  static String read(Path repo, String path) throws IOException {
    return Files.readString(repo.resolve(path));
  }

  /** A file beside the repository, its content returned. */
  static byte[] outsideFile(Path repo, String path) throws IOException {
    Path file = repo.getParent().resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "the team's notes, not sparkgen's\n");
    return Files.readAllBytes(file);
  }

  /** Records {@code path} in the answers file as generated with {@code content}, and commits. */
  static void recordFile(Path repo, String path, byte[] content) throws Exception {
    String blob = new PlannedFile(content, false).gitBlobId();
    edit(
        repo,
        ".sparkgen.yaml",
        s -> s.replace("\nfiles:\n", "\nfiles:\n  " + path + ": 100644 " + blob + "\n"));
    ExternalTools.commitAll(repo, "record " + path);
  }

  /** Moves {@code path} to a directory beside the repository and leaves a link to it; commits. */
  static void linkOut(Path repo, String path) throws Exception {
    Path elsewhere =
        repo.getParent()
            .resolve("elsewhere")
            .resolve(repo.relativize(repo.resolve(path)).getFileName());
    Files.createDirectories(elsewhere.getParent());
    Files.move(repo.resolve(path), elsewhere);
    Files.createSymbolicLink(repo.resolve(path), elsewhere);
    ExternalTools.commitAll(repo, "link " + path);
  }

  static String lockOf(ProcessHandle process) {
    return "pid "
        + process.pid()
        + "\nstarted "
        + process.info().startInstant().orElseThrow()
        + "\n";
  }

  static void pristineAt(Path repo, String id) throws IOException {
    Path ref = repo.resolve(".git/refs/heads/sparkgen-pristine");
    Files.createDirectories(ref.getParent());
    Files.writeString(ref, id + "\n");
  }

  /** Checks every file out again with CRLF line ends, the way a Windows clone has them. */
  static void crlfCheckout(Path repo, boolean autocrlf) throws Exception {
    if (autocrlf) {
      ExternalTools.git(repo, "config", "core.autocrlf", "true");
    } else {
      Files.writeString(repo.resolve(".gitattributes"), "* text=auto eol=crlf\n");
      ExternalTools.commitAll(repo, "CRLF");
    }
    ExternalTools.git(repo, "rm", "-q", "-r", "--cached", ".");
    try (Stream<Path> walk = Files.walk(repo)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (!repo.relativize(file).startsWith(".git")
            && !file.getFileName().toString().equals(".gitattributes")) {
          Files.delete(file);
        }
      }
    }
    ExternalTools.git(repo, "reset", "-q", "--hard");
    assertThat(read(repo, "README.md")).contains("\r\n");
    assertThat(ExternalTools.git(repo, "status", "--porcelain")).isEmpty();
  }

  static void cleanCrlfUpgrade(Path repo, Run run) throws Exception {
    assertThat(run.out()).doesNotContain("conflict", "merged");
    String readme = read(repo, "README.md");
    assertThat(readme).startsWith("# job (Spark on Kubernetes)\r\n");
    assertThat(readme.replace("\r\n", "")).doesNotContain("\n");
    // What git stores is what new generates: only the template changes show as changes.
    assertThat(
            ExternalTools.git(repo, "diff", "--stat", "--", "k8s/base/job.yaml", "skaffold.yaml"))
        .isEmpty();
  }

  static void chmod(Path repo, String path, String mode) throws Exception {
    Files.setPosixFilePermissions(repo.resolve(path), PosixFilePermissions.fromString(mode));
    assertThat(ExternalTools.git(repo, "status", "--porcelain")).isEmpty();
  }

  static String mode(Path repo, String path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.resolve(path)));
  }

  static void change(Path root, String path, UnaryOperator<String> change) throws IOException {
    Path target = root.resolve(path);
    String before = Files.readString(Path.of(path));
    String after = change.apply(before);
    assertThat(after).as(path).isNotEqualTo(before);
    Files.createDirectories(target.getParent());
    Files.writeString(target, after, StandardCharsets.UTF_8);
  }
}
