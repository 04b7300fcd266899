package dev.sparkgen.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/templates.md's data model is what TemplateModel really exposes: every name a template can
 * reach is in the table, and every name the table gives exists. A row documents names in its first
 * column ({@code `app.name`}) and the keys of a map in its second ({@code `env.executors`}: {@code
 * `min`}, {@code `max`}, ...).
 */
class TemplateModelDocumentedTest {

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  @Test
  void everyNameTemplatesSeeIsDocumentedAndEveryDocumentedNameExists() throws IOException {
    ProjectSpec spec = Fixtures.spec("payments-etl", b -> b.envs(List.of("dev", "prod")));
    Map<String, Object> model =
        TemplateModel.of(
            spec,
            ArchetypeCatalog.builtIn().descriptors().get("spark-pi"),
            Fixtures.GENERATOR_VERSION);
    // Each environment is seen as `env` inside __env__ files and as an item of `envs`.
    @SuppressWarnings("unchecked")
    Map<String, Object> env = ((List<Map<String, Object>>) model.get("envs")).get(0);
    TreeSet<String> all = new TreeSet<>();
    model.forEach((key, value) -> collect(key, value, all));
    collect("env", env, all);
    // The leaves must be documented; the archetype's own parameters and the aliases of env are not
    // listed one by one.
    TreeSet<String> names = new TreeSet<>(all);
    names.removeIf(
        n ->
            all.stream().anyMatch(other -> other.startsWith(n + "."))
                || n.startsWith("params.")
                || n.startsWith("defaultEnv."));

    List<Row> rows =
        rows(
            Files.readString(
                Path.of(System.getProperty("sparkgen.root", ".")).resolve("docs/templates.md")));
    assertThat(names)
        .allSatisfy(
            name ->
                assertThat(rows.stream().anyMatch(r -> r.documents(name)))
                    .as("%s is in docs/templates.md's data model", name)
                    .isTrue());
    for (Row row : rows) {
      for (String documented : row.names()) {
        assertThat(all.contains(documented))
            .as("docs/templates.md documents %s, which the model has", documented)
            .isTrue();
      }
    }
  }

  /** The dotted names of {@code value}'s map keys, down to the leaves; a list is a leaf. */
  private static void collect(String prefix, Object value, TreeSet<String> names) {
    names.add(prefix);
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collect(prefix + "." + k, v, names));
    }
  }

  private record Row(List<String> names, List<String> keys) {
    /** A name is documented by its own mention, or as a key listed on its parent's row. */
    boolean documents(String name) {
      int dot = name.lastIndexOf('.');
      return names.contains(name)
          || (dot > 0
              && names.contains(name.substring(0, dot))
              && keys.contains(name.substring(dot + 1)))
          // The env row speaks for each environment's direct keys: `name`, `namespace`, ...
          || (names.contains("env")
              && name.startsWith("env.")
              && name.indexOf('.', 4) < 0
              && keys.contains(name.substring(4)));
    }
  }

  /** The rows of the table under "The data model:". */
  private static List<Row> rows(String docs) {
    String table = docs.substring(docs.indexOf("The data model:"));
    List<Row> rows = new ArrayList<>();
    for (String line :
        table
            .lines()
            .skip(1)
            .dropWhile(String::isBlank)
            .takeWhile(l -> l.startsWith("|"))
            .toList()) {
      String[] cells = line.split("\\|", -1);
      if (cells.length < 3
          || cells[1].isBlank()
          || cells[1].contains("---")
          || cells[1].strip().equals("Name")) {
        continue;
      }
      rows.add(new Row(codes(cells[1]), codes(cells[2])));
    }
    assertThat(rows).as("the data model table").hasSizeGreaterThan(10);
    return rows;
  }

  private static List<String> codes(String cell) {
    List<String> codes = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      codes.add(m.group(1));
    }
    return codes;
  }
}
