package dev.sparkgen.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Generated repositories get the very wrapper this repository builds with. */
class MavenWrapperTest {

  @Test
  void generatedWrapperIsOurOwnWrapper() throws IOException {
    Plan plan = Fixtures.demoPlan();

    assertThat(plan.file("mvnw").content()).isEqualTo(Files.readAllBytes(Path.of("mvnw")));
    assertThat(plan.file("mvnw").executable()).isTrue();
    assertThat(plan.file(".mvn/wrapper/maven-wrapper.properties").content())
        .isEqualTo(Files.readAllBytes(Path.of(".mvn/wrapper/maven-wrapper.properties")));
  }

  @Test
  void wrapperKeepsNoDownloadAddress() {
    Plan plan = Fixtures.demoPlan();

    assertThat(plan.file(".mvn/wrapper/maven-wrapper.properties").text())
        .containsPattern("(?m)^mavenVersion=3\\.9\\.\\d+$")
        .doesNotContain("://");
  }
}
