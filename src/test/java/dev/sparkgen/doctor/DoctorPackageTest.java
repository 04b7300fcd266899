package dev.sparkgen.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package rule: validate and doctor import spec only (CONTRIBUTING.md). */
class DoctorPackageTest {

  @Test
  void doctorImportsOnlySpecOfSparkgen() throws Exception {
    Path sources = Path.of("src/main/java/dev/sparkgen/doctor");
    List<String> imports;
    try (Stream<Path> files = Files.list(sources)) {
      imports =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .flatMap(
                  f -> {
                    try {
                      return Files.readAllLines(f).stream()
                          .filter(l -> l.matches("import (static )?dev\\.sparkgen\\..*"))
                          .map(l -> f.getFileName() + ": " + l);
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .toList();
    }

    assertThat(imports)
        .isNotEmpty()
        .allMatch(l -> l.matches(".*: import (static )?dev\\.sparkgen\\.(spec|doctor)\\..*"));
  }
}
