package dev.sparkgen.plan;

import dev.sparkgen.plan.FileChange.Action;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * What changes between a repository as it is and as an upgrade or add-env would leave it: the type
 * Spring Initializr calls a project diff. Pure data; the repository writer applies it. The answers
 * file, when present, is the last change, so an interrupted run never records a state the files do
 * not have.
 */
public record Changes(List<FileChange> files) {

  public Changes {
    files = List.copyOf(files);
  }

  public List<FileChange> writes() {
    return files.stream().filter(c -> c.action().writes() || c.action() == Action.DELETE).toList();
  }

  public List<String> conflicts() {
    return files.stream()
        .filter(c -> c.action() == Action.CONFLICT || c.action() == Action.BINARY_CONFLICT)
        .map(FileChange::path)
        .toList();
  }

  /**
   * A unified diff (git's format, {@code a/} and {@code b/} prefixes) from {@code current}, the
   * repository's files as they are, to what the changes write.
   */
  public String unifiedDiff(Map<String, PlannedFile> current) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DiffFormatter formatter = new DiffFormatter(out)) {
      DiffAlgorithm algorithm =
          DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM);
      for (FileChange change : writes()) {
        PlannedFile before = current.get(change.path());
        PlannedFile after = change.content().orElse(null);
        RawText a = new RawText(before == null ? new byte[0] : before.content());
        RawText b = new RawText(after == null ? new byte[0] : after.content());
        StringBuilder header = new StringBuilder();
        header.append("diff --git a/").append(change.path()).append(" b/").append(change.path());
        // git apply needs the mode lines to create, delete or chmod a file.
        if (before == null) {
          header.append("\nnew file mode ").append(mode(after));
        } else if (after == null) {
          header.append("\ndeleted file mode ").append(mode(before));
        } else if (before.executable() != after.executable()) {
          header
              .append("\nold mode ")
              .append(mode(before))
              .append("\nnew mode ")
              .append(mode(after));
        }
        header.append(before == null ? "\n--- /dev/null" : "\n--- a/" + change.path());
        header.append(after == null ? "\n+++ /dev/null\n" : "\n+++ b/" + change.path() + "\n");
        out.write(header.toString().getBytes(StandardCharsets.UTF_8));
        EditList edits = algorithm.diff(RawTextComparator.DEFAULT, a, b);
        formatter.format(edits, a, b);
        formatter.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String mode(PlannedFile file) {
    return file.executable() ? "100755" : "100644";
  }
}
