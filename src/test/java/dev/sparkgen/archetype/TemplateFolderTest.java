package dev.sparkgen.archetype;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A user's --templates folder: only its own regular files reach a repository. */
class TemplateFolderTest {

  @TempDir Path dir;

  private Path files() throws IOException {
    return Files.createDirectories(dir.resolve("archetypes/spark-pi/files"));
  }

  @Test
  void refusesASymbolicLinkToAFileOutsideTheFolder() throws IOException {
    Path leak = Files.createSymbolicLink(files().resolve("leak.txt"), Path.of("/etc/passwd"));

    assertThatThrownBy(() -> ArchetypeCatalog.withOverrides(dir).load("spark-pi"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Template folder '"
                + dir
                + "' contains the symbolic link '"
                + leak
                + "'; links are refused so that no file from outside the folder lands in a repository: copy the file in instead.");
  }

  @Test
  void refusesALinkedDirectoryAndLinkedTopFolders() throws IOException {
    Files.createSymbolicLink(files().resolve("etc"), Path.of("/etc"));
    Path other = Files.createDirectories(dir.resolve("other"));
    Path base = Files.createSymbolicLink(dir.resolve("kustomize-base"), other);

    assertThatThrownBy(() -> ArchetypeCatalog.withOverrides(dir).load("spark-pi"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("contains the symbolic link '" + files().resolve("etc") + "'");
    Files.delete(files().resolve("etc"));
    assertThatThrownBy(() -> ArchetypeCatalog.withOverrides(dir).load("spark-pi"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("contains the symbolic link '" + base + "'");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void refusesAFifoInsteadOfWaitingOnIt() throws Exception {
    Path fifo = files().resolve("pom.xml.ftl");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    assertThatThrownBy(() -> ArchetypeCatalog.withOverrides(dir).load("spark-pi"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Template folder '"
                + dir
                + "' contains '"
                + fifo
                + "', which is not a regular file (a FIFO, socket or device); templates must be files.");
  }

  @Test
  void refusesAFileOverTheSizeLimitWithoutReadingIt() throws IOException {
    Path huge = files().resolve("huge.bin");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength((16L << 20) + 1); // sparse: no disk used
    }

    assertThatThrownBy(() -> ArchetypeCatalog.withOverrides(dir).load("spark-pi"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Template folder '"
                + dir
                + "' contains '"
                + huge
                + "', 16,777,217 bytes; a template may have at most 16,777,216.");
  }

  @Test
  void refusesALinkedDescriptorOrArchetypeFolder() throws IOException {
    Path descriptor =
        Files.createSymbolicLink(
            Files.createDirectories(dir.resolve("archetypes/leak")).resolve("archetype.yaml"),
            Path.of("/etc/passwd"));

    assertThatThrownBy(() -> ArchetypeCatalog.withOverrides(dir).descriptors())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("contains the symbolic link '" + descriptor + "'");
    Files.delete(descriptor);
    Files.delete(dir.resolve("archetypes/leak"));
    Path real = Files.createDirectories(dir.resolve("elsewhere/files"));
    Path linked = Files.createSymbolicLink(dir.resolve("archetypes/spark-pi"), real.getParent());
    assertThatThrownBy(() -> ArchetypeCatalog.withOverrides(dir).load("spark-pi"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("contains the symbolic link '" + linked + "'");
  }

  @Test
  void readsAFileOfExactlyTheSizeLimit() throws IOException {
    Path big = files().resolve("big.bin");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(16L << 20);
    }

    assertThat(ArchetypeCatalog.withOverrides(dir).load("spark-pi").files().get("big.bin"))
        .hasSize(16 << 20);
  }

  @Test
  void readsRegularFilesAndDirectories() throws IOException {
    Files.createDirectories(files().resolve("sub"));
    Files.writeString(files().resolve("sub/extra.txt"), "mine");

    Archetype loaded = ArchetypeCatalog.withOverrides(dir).load("spark-pi");

    assertThat(loaded.files()).containsKey("sub/extra.txt").containsKey("pom.xml.ftl");
    assertThat(new String(loaded.files().get("sub/extra.txt"), UTF_8)).isEqualTo("mine");
  }

  @Test
  void aSharedTemplateInTheFolderReplacesTheBuiltInOneAndIsTheUsers() throws IOException {
    Path shared = Files.createDirectories(dir.resolve("archetypes/_shared/files"));
    Files.writeString(shared.resolve("skaffold.yaml.ftl"), "# ours\n");
    Files.writeString(shared.resolve("extra.txt"), "shared extra\n");

    Archetype loaded = ArchetypeCatalog.withOverrides(dir).load("spark-pi");

    assertThat(new String(loaded.files().get("skaffold.yaml.ftl"), UTF_8)).isEqualTo("# ours\n");
    assertThat(loaded.files())
        .containsKey("extra.txt")
        .containsKey("mvnw")
        .containsKey("pom.xml.ftl");
    assertThat(loaded.isUserFile("skaffold.yaml.ftl")).isTrue();
    assertThat(loaded.isUserFile("mvnw")).isFalse();
    assertThat(loaded.source().digest())
        .isNotEqualTo(
            ArchetypeCatalog.withOverrides(
                    Files.createDirectories(dir.resolve("other/archetypes")).getParent())
                .load("spark-pi")
                .source()
                .digest());
  }

  @Test
  void theRecordedDigestChangesWithTheFoldersKustomizeBaseAndWithHowItsBytesSplitIntoFiles()
      throws IOException {
    Path base = Files.createDirectories(dir.resolve("kustomize-base"));
    Files.writeString(base.resolve("job.yaml"), "kind: Job\n");
    String before = ArchetypeCatalog.withOverrides(dir).load("spark-pi").source().digest().get();

    Files.writeString(base.resolve("job.yaml"), "kind: CronJob\n");
    String changed = ArchetypeCatalog.withOverrides(dir).load("spark-pi").source().digest().get();

    assertThat(changed).isNotEqualTo(before);
    // The same bytes under other names or split otherwise are another folder.
    assertThat(ArchetypeCatalog.digest(Map.of("ab", bytes("c"))))
        .isNotEqualTo(ArchetypeCatalog.digest(Map.of("a", bytes("bc"))));
    assertThat(ArchetypeCatalog.digest(new TreeMap<>(Map.of("a", bytes("1"), "b", bytes("")))))
        .isNotEqualTo(ArchetypeCatalog.digest(Map.of("a", bytes("1b\0\0"))));
    // Each file in order as path, NUL, length in decimal, NUL, bytes: the digest of
    // printf 'a.ftl\0001\000xb/c.txt\0002\000yz' | sha256sum
    assertThat(
            ArchetypeCatalog.digest(
                new TreeMap<>(Map.of("a.ftl", bytes("x"), "b/c.txt", bytes("yz")))))
        .isEqualTo("sha256:4b4228981bf28b5b6be3e5a850e9d356695158552291772a97169aee406889a8");
  }

  @Test
  void aFoldersKustomizeBaseFileReplacesTheBuiltInOneAndKeepsTheOthers() throws IOException {
    Path base = Files.createDirectories(dir.resolve("kustomize-base"));
    Files.writeString(base.resolve("job.yaml"), "kind: Job # ours\n");
    Files.writeString(base.resolve("extra.yaml"), "kind: ConfigMap\n");

    Archetype loaded = ArchetypeCatalog.withOverrides(dir).load("spark-pi");

    assertThat(new String(loaded.kustomizeBase().get("job.yaml"), UTF_8))
        .isEqualTo("kind: Job # ours\n");
    assertThat(new String(loaded.kustomizeBase().get("extra.yaml"), UTF_8))
        .isEqualTo("kind: ConfigMap\n");
    assertThat(loaded.kustomizeBase())
        .containsKey("components/driver-rbac/rbac.yaml")
        .containsKey("kustomization.yaml")
        .containsKey("components/dynamic-allocation/kustomization.yaml");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void anArchetypesOwnTemplateWinsOverASharedOneFromAnyFolder() throws IOException {
    Files.writeString(files().resolve("skaffold.yaml.ftl"), "# the archetype's own\n");
    Path shared = Files.createDirectories(dir.resolve("archetypes/_shared/files"));
    Files.writeString(shared.resolve(".editorconfig"), "root = true\n");

    Archetype loaded = ArchetypeCatalog.withOverrides(dir).load("spark-pi");

    assertThat(new String(loaded.files().get("skaffold.yaml.ftl"), UTF_8))
        .isEqualTo("# the archetype's own\n");
    assertThat(new String(loaded.files().get(".editorconfig"), UTF_8)).isEqualTo("root = true\n");
  }

  @Test
  void refusesASharedGlobThatMatchesNoSharedTemplate() throws IOException {
    Path archetype = Files.createDirectories(dir.resolve("archetypes/lean"));
    Files.writeString(
        archetype.resolve("archetype.yaml"),
        "id: lean\ndescription: d\nmainClass: Main\nshared:\n  - \"k8s/**\"\n  - \"docs/**\"\n");

    assertThatThrownBy(() -> ArchetypeCatalog.withOverrides(dir).load("lean"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Archetype 'lean' takes the shared templates 'docs/**' (archetype.yaml, field 'shared[1]'), but archetypes/_shared/files has none that match; fix the glob or add the templates.");
  }
}
