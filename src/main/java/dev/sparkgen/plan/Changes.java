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
    return files.stream().filter(c -> c.action() == Action.CONFLICT).map(FileChange::path).toList();
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
        RawText a = new RawText(before == null ? new byte[0] : before.content());
        RawText b = new RawText(change.content().map(PlannedFile::content).orElse(new byte[0]));
        out.write(
            ("diff --git a/" + change.path() + " b/" + change.path() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        // git apply needs these headers to create or delete a file.
        if (before == null && change.content().isPresent()) {
          out.write(
              ("new file mode " + mode(change.content().get()) + "\n")
                  .getBytes(StandardCharsets.UTF_8));
        } else if (before != null && change.content().isEmpty()) {
          out.write(("deleted file mode " + mode(before) + "\n").getBytes(StandardCharsets.UTF_8));
        } else if (before != null
            && change.content().isPresent()
            && before.executable() != change.content().get().executable()) {
          out.write(
              ("old mode " + mode(before) + "\nnew mode " + mode(change.content().get()) + "\n")
                  .getBytes(StandardCharsets.UTF_8));
        }
        out.write(
            ((before == null ? "--- /dev/null" : "--- a/" + change.path())
                    + "\n"
                    + (change.content().isEmpty() ? "+++ /dev/null" : "+++ b/" + change.path())
                    + "\n")
                .getBytes(StandardCharsets.UTF_8));
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
