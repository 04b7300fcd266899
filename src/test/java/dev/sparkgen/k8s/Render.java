package dev.sparkgen.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.testing.ExternalTools;
import dev.sparkgen.validate.Rendered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Renders a kustomization with the kubectl a test found, strictly: a failure or any warning fails
 * the test.
 */
public final class Render {

  private Render() {}

  public static Rendered kustomize(Path kubectl, Path dir) {
    try {
      ExternalTools.Result result =
          ExternalTools.run(dir.toAbsolutePath(), kubectl.toString(), "kustomize", ".")
              .assertSuccess("kubectl kustomize " + dir);
      assertThat(result.stderr()).as("kubectl kustomize %s printed warnings", dir).isBlank();
      return Rendered.parse(result.stdout());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
