package dev.sparkgen.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole demo repository of each built-in archetype (spark-pi; sql-batch with the s3a connector,
 * whose object-store test and settings are the ones that differ), file by file, against the
 * reviewed copy in src/test/golden/. A template change shows up here as a diff to review. To accept
 * an intended change, refresh the copy and read the diff before committing:
 *
 * <pre>./mvnw test -Dtest=GoldenTreeTest -Dgolden.update=true &amp;&amp; git diff src/test/golden
 * </pre>
 */
class GoldenTreeTest {

  static final Path GOLDEN = Path.of("src/test/golden/spark-pi-demo");
  static final Path SQL_BATCH_GOLDEN = Path.of("src/test/golden/sql-batch-demo");
  static final String REFRESH =
      "If the change is intended: ./mvnw test -Dtest=GoldenTreeTest -Dgolden.update=true, then review git diff src/test/golden";

  @Test
  void demoRepositoryMatchesTheReviewedGoldenTree() throws IOException {
    assertMatches(Fixtures.demoPlan(), GOLDEN);
  }

  @Test
  void sqlBatchRepositoryMatchesTheReviewedGoldenTree() throws IOException {
    assertMatches(
        Fixtures.plan("sql-batch-demo", b -> b.archetype("sql-batch").objectStores(List.of("s3a"))),
        SQL_BATCH_GOLDEN);
  }

  private static void assertMatches(Plan plan, Path golden) throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      rewrite(plan, golden);
    }

    Map<String, String> expected = read(golden);
    assertThat(plan.files().keySet())
        .as("generated paths. " + REFRESH)
        .containsExactlyElementsOf(expected.keySet());
    plan.files()
        .forEach(
            (path, file) ->
                assertThat(file.text())
                    .as(path + " differs from the golden copy. " + REFRESH)
                    .isEqualTo(expected.get(path)));
  }

  private static Map<String, String> read(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file));
      }
    }
    return files;
  }

  private static void rewrite(Plan plan, Path golden) throws IOException {
    if (Files.exists(golden)) {
      try (Stream<Path> walk = Files.walk(golden)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    for (Map.Entry<String, PlannedFile> entry : plan.files().entrySet()) {
      Path file = golden.resolve(entry.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, entry.getValue().content());
    }
  }
}
