package dev.sparkgen.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlannedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pristine branch: what the generator made, as commits the work tree never sees. */
class GitRepositoryTest {

  @TempDir Path dir;

  private static final String REF = Constants.R_HEADS + GitRepository.PRISTINE_BRANCH;

  @Test
  void recordsEachGenerationAsTheNextCommitOfThePristineBranchWithModesAndMessage()
      throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).call()) {
      Plan first =
          Plan.of(
              Map.of(
                  "README.md", PlannedFile.text("v1\n"),
                  "mvnw", new PlannedFile("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), true),
                  "k8s/base/job.yaml", PlannedFile.text("kind: Job\n")));
      Plan second = Plan.of(Map.of("README.md", PlannedFile.text("v2\n")));
      try (GitRepository repo = GitRepository.open(dir)) {
        repo.recordGenerated(first, "sparkgen new\n\nmore lines");
        repo.recordGenerated(second, "sparkgen upgrade");
      }

      Repository repository = git.getRepository();
      ObjectId head = repository.resolve(REF);
      try (RevWalk walk = new RevWalk(repository)) {
        RevCommit upgrade = walk.parseCommit(head);
        assertThat(upgrade.getFullMessage()).isEqualTo("sparkgen upgrade");
        assertThat(upgrade.getAuthorIdent().getName()).isEqualTo("sparkgen");
        assertThat(upgrade.getParentCount()).isEqualTo(1);
        RevCommit generated = walk.parseCommit(upgrade.getParent(0));
        assertThat(generated.getParentCount()).isZero();
        assertThat(tree(repository, upgrade))
            .containsExactly(Map.entry("README.md", "100644 v2\n"));
        assertThat(tree(repository, generated))
            .containsExactly(
                Map.entry("README.md", "100644 v1\n"),
                Map.entry("k8s/base/job.yaml", "100644 kind: Job\n"),
                Map.entry("mvnw", "100755 #!/bin/sh\n"));
      }
      assertThat(repository.getRefDatabase().getReflogReader(REF).getReverseEntries())
          .extracting(e -> e.getComment())
          .containsExactly("sparkgen: sparkgen upgrade", "sparkgen: sparkgen new");
      // The work tree and the current branch are untouched.
      assertThat(repository.resolve(Constants.HEAD)).isNull();
      try (GitRepository repo = GitRepository.open(dir)) {
        assertThat(repo.uncommitted()).isEmpty();
        ObjectId readme = blobId(repository, generated(repository), "README.md");
        assertThat(repo.blob(readme.name()))
            .hasValueSatisfying(
                b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("v1\n"));
        assertThat(repo.blob(ObjectId.zeroId().name())).isEmpty();
      }
    }
  }

  private static RevCommit generated(Repository repository) throws Exception {
    try (RevWalk walk = new RevWalk(repository)) {
      return walk.parseCommit(walk.parseCommit(repository.resolve(REF)).getParent(0));
    }
  }

  private static ObjectId blobId(Repository repository, RevCommit commit, String path)
      throws Exception {
    try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
      return walk.getObjectId(0);
    }
  }

  /** Path to "mode content" of every file in the commit's tree. */
  private static Map<String, String> tree(Repository repository, RevCommit commit)
      throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      while (walk.next()) {
        FileMode mode = walk.getFileMode(0);
        String content =
            new String(repository.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        files.put(walk.getPathString(), Integer.toOctalString(mode.getBits()) + " " + content);
      }
    }
    return files;
  }
}
