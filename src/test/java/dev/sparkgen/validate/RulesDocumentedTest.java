package dev.sparkgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RulesDocumentedTest {

  @Test
  void docsValidateListsExactlyTheRules() throws Exception {
    String doc = Files.readString(Path.of(System.getProperty("user.dir"), "docs/validate.md"));
    Matcher rows = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(doc);
    java.util.List<String> documented = new java.util.ArrayList<>();
    while (rows.find()) {
      documented.add(rows.group(1));
    }
    assertThat(documented)
        .containsExactlyElementsOf(Rules.ALL.stream().map(Rule::id).collect(Collectors.toList()));
  }
}
