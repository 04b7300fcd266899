package dev.sparkgen.cli;

import static dev.sparkgen.testing.ExternalTools.commitAll;
import static dev.sparkgen.testing.ExternalTools.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.cli.CliTest.Run;
import dev.sparkgen.testing.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repositories made by an earlier sparkgen, brought current by {@code upgrade}: an adopted pom's
 * sparkgen-owned parts (recorded since this change, found by identity before), and a team's call to
 * sparkgen's removed {@code ExecutorImage.sameAsDriver}. Real git, real file system, the real CLI.
 */
class AdoptedUpgradeTest {

  @TempDir Path dir;

  /** The exec-maven-plugin that runs the packaged-layout check, with init's comment above it. */
  static final Pattern LAYOUT_CHECK_PLUGIN =
      Pattern.compile(
          "(?s)\\n[ \\t]*<!-- verify runs the job's classes[^\\n]*-->\\n[ \\t]*<plugin>"
              + "(?:(?!</plugin>).)*?exec-maven-plugin.*?</plugin>");

  static final String TEAM_PROPERTY = "<team.release.train>2026.12</team.release.train>";

  Path adopted(String sample) throws Exception {
    ExternalTools.require("git");
    Path copy = dir.resolve(sample);
    Path from = InitCliTest.SAMPLES.resolve(sample);
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path to = copy.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    git(copy, "init", "-q", "-b", "main");
    commitAll(copy, "the team's project");
    Run init = CliTest.run("init", copy.toString());
    assertThat(init.exitCode()).as(init.err()).isZero();
    commitAll(copy, "sparkgen init");
    return copy;
  }

  /** {@code pom} without the layout check's exec-maven-plugin, as sparkgen adopted before it. */
  static String withoutLayoutCheck(String pom) {
    Matcher m = LAYOUT_CHECK_PLUGIN.matcher(pom);
    assertThat(m.find()).as("init adds the exec-maven-plugin").isTrue();
    return m.replaceFirst("");
  }

  /** A team's own edit of its pom after adoption: a property of its own. */
  static String withTeamEdit(String pom) {
    return pom.replaceFirst(
        "<properties>\\n", Matcher.quoteReplacement("<properties>\n    " + TEAM_PROPERTY + "\n"));
  }

  static String blobOf(Path repo, String content) throws Exception {
    Path file = Files.createTempFile(repo.getParent(), "blob", ".txt");
    Files.writeString(file, content);
    return git(repo, "hash-object", "-w", file.toString());
  }

  @Test
  void aPomAdoptedBeforeItsPartsWereRecordedGetsTheMissingOnesFoundByIdentity() throws Exception {
    Path repo = adopted("plain");
    String adopted = Files.readString(repo.resolve("pom.xml"));
    // As an earlier sparkgen left it: no layout-check execution, no record of the pom, no check
    // sources; and the team edited its pom since.
    Files.writeString(repo.resolve("pom.xml"), withTeamEdit(withoutLayoutCheck(adopted)));
    Path answers = repo.resolve(".sparkgen.yaml");
    Files.writeString(
        answers,
        Files.readString(answers)
            .replaceAll("(?m)^  pom\\.xml: .*\\n", "")
            .replaceAll("(?m)^  adoptedFrom: .*\\n", "")
            .replaceAll("(?m)^  src/sparkgen/check/.*\\n", ""));
    ExternalTools.run(repo, "rm", "-r", "src/sparkgen/check").assertSuccess("rm");
    commitAll(repo, "as adopted by an earlier sparkgen");

    Run upgrade = CliTest.run("upgrade", "--directory", repo.toString());

    assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isZero();
    assertThat(upgrade.out())
        .contains(
            "updated    pom.xml",
            "created    src/sparkgen/check/java/dev/sparkgen/check/PackagedLayoutCheck.java",
            "pom.xml was adopted before sparkgen recorded its parts");
    String pom = Files.readString(repo.resolve("pom.xml"));
    assertThat(pom).isEqualTo(withTeamEdit(adopted));
    assertThat(Files.readString(answers)).containsPattern("(?m)^  pom\\.xml: 100644 [0-9a-f]{40}$");
    commitAll(repo, "upgraded");

    Run again = CliTest.run("upgrade", "--directory", repo.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).startsWith("Already up to date");
  }

  @Test
  void aRecordedAdoptedPomMergesSparkgensChangesWithTheTeamsEdits() throws Exception {
    Path repo = adopted("shade");
    String adopted = Files.readString(repo.resolve("pom.xml"));
    Path answers = repo.resolve(".sparkgen.yaml");
    String recorded = Files.readString(answers);
    assertThat(recorded)
        .as("init records the pom as adopted, and the pom it adopted")
        .containsPattern("(?m)^  pom\\.xml: 100644 [0-9a-f]{40}$")
        .containsPattern("(?m)^  adoptedFrom: [0-9a-f]{40}$");
    // An earlier sparkgen that recorded its parts but had no layout check: its pom is the base.
    String earlier = withoutLayoutCheck(adopted);
    Files.writeString(repo.resolve("pom.xml"), earlier);
    Files.writeString(
        answers,
        recorded.replaceFirst(
            "(?m)^  pom\\.xml: 100644 [0-9a-f]{40}$",
            "  pom.xml: 100644 " + blobOf(repo, earlier)));
    commitAll(repo, "as adopted by an earlier sparkgen");
    Files.writeString(repo.resolve("pom.xml"), withTeamEdit(earlier));
    commitAll(repo, "the team's release train");

    Run upgrade = CliTest.run("upgrade", "--directory", repo.toString());

    assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isZero();
    assertThat(upgrade.out()).contains("merged     pom.xml");
    assertThat(Files.readString(repo.resolve("pom.xml"))).isEqualTo(withTeamEdit(adopted));
    commitAll(repo, "upgraded");
    Run again = CliTest.run("upgrade", "--directory", repo.toString());
    assertThat(again.out()).startsWith("Already up to date");
  }

  @Test
  void aTeamEditOfAnOwnedLineIsAConflictNotLost() throws Exception {
    Path repo = adopted("plain");
    String adopted = Files.readString(repo.resolve("pom.xml"));
    Path answers = repo.resolve(".sparkgen.yaml");
    // The earlier sparkgen built on another Jib version; the team pinned yet another one.
    String jib = "(jib-maven-plugin</artifactId>\\s*<version>)[^<]*";
    assertThat(adopted).containsPattern(jib);
    String earlier = adopted.replaceFirst(jib, "$13.4.0");
    Files.writeString(repo.resolve("pom.xml"), earlier);
    Files.writeString(
        answers,
        Files.readString(answers)
            .replaceFirst(
                "(?m)^  pom\\.xml: 100644 [0-9a-f]{40}$",
                "  pom.xml: 100644 " + blobOf(repo, earlier)));
    commitAll(repo, "as adopted by an earlier sparkgen");
    Files.writeString(repo.resolve("pom.xml"), earlier.replaceFirst(jib, "$13.4.1"));
    commitAll(repo, "the team's Jib");

    Run upgrade = CliTest.run("upgrade", "--directory", repo.toString());

    assertThat(upgrade.exitCode()).isEqualTo(1);
    assertThat(upgrade.err()).contains("conflicts in pom.xml");
    assertThat(Files.readString(repo.resolve("pom.xml")))
        .contains("<<<<<<< yours", "3.4.1", ">>>>>>> generated now");
  }

  /** The demo generated now, then given the files an earlier sparkgen generated with it. */
  Path demoWithExecutorImage(String sparkPi) throws Exception {
    ExternalTools.require("git");
    Path repo = dir.resolve("job");
    assertThat(CliTest.run("new", "spark-pi-demo", "--output", repo.toString()).exitCode())
        .isZero();
    Path pkg = repo.resolve("src/main/java/com/example/sparkpidemo");
    Path old = Path.of("src/test/resources/upgrade/removed-api");
    String executorImage = Files.readString(old.resolve("ExecutorImage.java"));
    Files.writeString(pkg.resolve("ExecutorImage.java"), executorImage);
    Files.writeString(pkg.resolve("SparkPi.java"), sparkPi);
    git(repo, "init", "-q", "-b", "main");
    Path answers = repo.resolve(".sparkgen.yaml");
    Files.writeString(
        answers,
        Files.readString(answers)
            .replaceFirst(
                "(?m)^  src/main/java/com/example/sparkpidemo/SparkPi\\.java: .*$",
                "  src/main/java/com/example/sparkpidemo/ExecutorImage.java: 100644 "
                    + blobOf(repo, executorImage)
                    + "\n  src/main/java/com/example/sparkpidemo/SparkPi.java: 100644 "
                    + blobOf(repo, sparkPi)));
    commitAll(repo, "generated by an earlier sparkgen");
    return repo;
  }

  @Test
  void aCallToTheRemovedExecutorImageIsRewrittenWhenUpgradeDeletesIt() throws Exception {
    String sparkPi =
        Files.readString(Path.of("src/test/resources/upgrade/removed-api/SparkPi.java"));
    Path repo = demoWithExecutorImage(sparkPi);

    Run upgrade = CliTest.run("upgrade", "--directory", repo.toString());

    assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isZero();
    Path pkg = repo.resolve("src/main/java/com/example/sparkpidemo");
    assertThat(pkg.resolve("ExecutorImage.java")).doesNotExist();
    assertThat(upgrade.out())
        .contains(
            "deleted    src/main/java/com/example/sparkpidemo/ExecutorImage.java",
            "rewritten  src/main/java/com/example/sparkpidemo/SparkPi.java");
    assertThat(Files.readString(pkg.resolve("SparkPi.java")))
        .isEqualTo(
            sparkPi.replace("ExecutorImage.sameAsDriver(new SparkConf());", "new SparkConf();"));
  }

  @Test
  void aUseOfTheRemovedApiThatCannotBeRewrittenIsReportedWithTheExactFix() throws Exception {
    String sparkPi =
        Files.readString(Path.of("src/test/resources/upgrade/removed-api/SparkPi.java"))
            .replace(
                "SparkConf conf = ExecutorImage.sameAsDriver(new SparkConf());",
                "java.util.function.UnaryOperator<SparkConf> image = ExecutorImage::sameAsDriver;\n"
                    + "        SparkConf conf = image.apply(new SparkConf());");
    Path repo = demoWithExecutorImage(sparkPi);

    Run upgrade = CliTest.run("upgrade", "--directory", repo.toString());

    assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isZero();
    assertThat(Files.readString(repo.resolve("src/main/java/com/example/sparkpidemo/SparkPi.java")))
        .isEqualTo(sparkPi);
    assertThat(upgrade.out())
        .contains(
            "needs action: src/main/java/com/example/sparkpidemo/SparkPi.java:25 uses ExecutorImage.sameAsDriver,"
                + " which sparkgen no longer generates");
  }
}
