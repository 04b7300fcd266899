package dev.sparkgen.validate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What validate reads of a repository before any rule runs. */
class JobRepositoryTest {

  static final String POM =
      """
      <project>
        <parent><artifactId>platform-parent</artifactId></parent>
        <artifactId>word-count</artifactId>
        <properties><spark.version>3.5.8</spark.version></properties>
      </project>
      """;

  @TempDir Path root;

  @Test
  void anOverlayIsADirectoryWithAKustomizationOthersAreNot() throws Exception {
    write("k8s/overlays/prod/kustomization.yaml", "resources: []\n");
    write("k8s/overlays/dev/kustomization.yaml", "resources: []\n");
    write("k8s/overlays/notes/README.md", "not an overlay\n");
    Files.createDirectories(root.resolve("k8s/overlays/empty"));

    assertThat(JobRepository.open(root).environments()).containsExactly("dev", "prod");
  }

  @Test
  void withoutAnAnswersFileNameAndSparkComeFromThePom() throws Exception {
    write("k8s/overlays/dev/kustomization.yaml", "resources: []\n");
    write("pom.xml", POM);

    JobRepository repository = JobRepository.open(root);

    assertThat(repository.app()).isEqualTo("word-count");
    assertThat(repository.sparkVersion()).isEqualTo("3.5.8");
    assertThat(repository.sparkLine()).isEqualTo("3.5");
  }

  @Test
  void theAnswersFileWinsOverThePom() throws Exception {
    write("k8s/overlays/dev/kustomization.yaml", "resources: []\n");
    write("pom.xml", POM);
    write(".sparkgen.yaml", "inputs:\n  name: wc\n  spark: 4.2.0\n");

    JobRepository repository = JobRepository.open(root);

    assertThat(repository.app()).isEqualTo("wc");
    assertThat(repository.sparkVersion()).isEqualTo("4.2.0");
  }

  private void write(String relative, String text) throws Exception {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, UTF_8);
  }
}
