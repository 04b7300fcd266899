package dev.sparkgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The direction CONTRIBUTING states, read from the sources: cli → write → plan → archetype → spec,
 * and validate and doctor use spec only. A package may use those below it; a new package must be
 * given its place here. Both import lines and qualified names in code ({@code
 * dev.sparkgen.spec.Tier.forEnvironmentName(...)}) count.
 */
class PackageDirectionTest {

  /** Each package of dev.sparkgen and the packages of dev.sparkgen it may use. */
  static final Map<String, Set<String>> MAY_USE =
      Map.of(
          "spec", Set.of(),
          "archetype", Set.of("spec"),
          "plan", Set.of("archetype", "spec"),
          "write", Set.of("plan", "archetype", "spec"),
          "validate", Set.of("spec"),
          "doctor", Set.of("spec"),
          "cli", Set.of("write", "plan", "archetype", "spec", "validate", "doctor"));

  private static final Pattern USE = Pattern.compile("\\bdev\\.sparkgen\\.([a-z]+)\\.[A-Za-z*]");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

  @Test
  void everyPackageUsesOnlyThoseBelowIt() throws IOException {
    Path root =
        Path.of(System.getProperty("sparkgen.root", ".")).resolve("src/main/java/dev/sparkgen");
    List<String> violations = new ArrayList<>();
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = root.relativize(file).getName(0).toString();
        packages.add(pkg);
        violations.addAll(violations(pkg, root.relativize(file).toString(), read(file)));
      }
    }

    assertThat(packages).isEqualTo(new TreeSet<>(MAY_USE.keySet()));
    assertThat(violations).isEmpty();
  }

  @Test
  void aUseUpTheChainIsReportedWithItsFileAndLine() {
    String source =
        """
        package dev.sparkgen.spec;

        import dev.sparkgen.spec.Tier;
        import dev.sparkgen.plan.Plan;

        class Bad {
          // "dev.sparkgen.cli.Main" in a string is a name, not a use:
          String s = "dev.sparkgen.cli.Main";
          Object o = dev.sparkgen.write.PlanWriter.class;
        }
        """;

    assertThat(violations("spec", "spec/Bad.java", source))
        .containsExactly(
            "spec/Bad.java:4 uses dev.sparkgen.plan", "spec/Bad.java:9 uses dev.sparkgen.write");
    assertThat(
            violations(
                "doctor",
                "doctor/Bad.java",
                source.replace("package dev.sparkgen.spec", "package dev.sparkgen.doctor")))
        .containsExactly(
            "doctor/Bad.java:4 uses dev.sparkgen.plan",
            "doctor/Bad.java:9 uses dev.sparkgen.write");
  }

  static List<String> violations(String pkg, String file, String source) {
    Set<String> allowed = MAY_USE.getOrDefault(pkg, Set.of());
    List<String> found = new ArrayList<>();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("package ") || line.startsWith("//")) {
        continue;
      }
      Matcher m = USE.matcher(STRING.matcher(line).replaceAll("\"\""));
      while (m.find()) {
        String used = m.group(1);
        if (!used.equals(pkg) && MAY_USE.containsKey(used) && !allowed.contains(used)) {
          found.add(file + ":" + (i + 1) + " uses dev.sparkgen." + used);
        }
      }
    }
    return found;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
