package dev.sparkgen.write;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.spec.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The job repository's git, through JGit: whether the work tree is clean, the generated files read
 * back by blob id, and the branch that keeps every generated version reachable.
 *
 * <p>Why a branch: the answers file records each generated file's blob id, and the first commit
 * after {@code sparkgen new} holds those blobs. But a file that upgrade merges or add-env changes
 * is committed as the merge, not as generated; its generated content must still be found by the
 * next upgrade. So each upgrade and add-env commits the complete generated tree to {@value
 * #PRISTINE_BRANCH} (its own history, never checked out or merged), which keeps those blobs from
 * git's garbage collection and travels with {@code git push}/{@code git clone}.
 */
public final class GitRepository implements AutoCloseable {

  public static final String PRISTINE_BRANCH = "sparkgen-pristine";

  private final Repository repository;

  private GitRepository(Repository repository) {
    this.repository = repository;
  }

  /** The git repository whose work tree holds {@code dir}; refuses a directory outside any. */
  public static GitRepository open(Path dir) {
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      throw new InvalidInputException(
          "'"
              + dir.toAbsolutePath()
              + "' is not in a git repository; sparkgen changes job repositories only under git, so that every change can be undone (git init && git add -A && git commit, then run it again).");
    }
    try {
      return new GitRepository(builder.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the git repository at " + builder.getGitDir(), e);
    }
  }

  /** Paths with uncommitted changes (modified, staged, untracked, conflicting), sorted. */
  public Set<String> uncommitted() {
    try (Git git = new Git(repository)) {
      Status status = git.status().call();
      Set<String> paths = new TreeSet<>(status.getUncommittedChanges());
      paths.addAll(status.getUntracked());
      paths.addAll(status.getConflicting());
      return paths;
    } catch (GitAPIException e) {
      throw new IllegalStateException("git status failed: " + e.getMessage(), e);
    }
  }

  /** The content of blob {@code id}, if this repository's objects have it. */
  public Optional<byte[]> blob(String id) {
    ObjectId objectId = ObjectId.fromString(id);
    try {
      if (!repository.getObjectDatabase().has(objectId)) {
        return Optional.empty();
      }
      return Optional.of(repository.open(objectId, Constants.OBJ_BLOB).getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("reading git object " + id + " failed", e);
    }
  }

  /**
   * Commits {@code plan} as the next commit of {@value #PRISTINE_BRANCH}; the work tree is not
   * touched.
   */
  public void recordGenerated(Plan plan, String message) {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      DirCache tree = DirCache.newInCore();
      DirCacheBuilder builder = tree.builder();
      for (Map.Entry<String, PlannedFile> file : plan.files().entrySet()) {
        DirCacheEntry entry = new DirCacheEntry(file.getKey());
        entry.setFileMode(
            file.getValue().executable() ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
        entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue().content()));
        builder.add(entry);
      }
      builder.finish();
      ObjectId treeId = tree.writeTree(inserter);
      ObjectId parent = repository.resolve(Constants.R_HEADS + PRISTINE_BRANCH);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(treeId);
      if (parent != null) {
        commit.setParentId(parent);
      }
      PersonIdent sparkgen = new PersonIdent("sparkgen", "sparkgen@localhost");
      commit.setAuthor(sparkgen);
      commit.setCommitter(sparkgen);
      commit.setMessage(message);
      ObjectId commitId = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repository.updateRef(Constants.R_HEADS + PRISTINE_BRANCH);
      update.setNewObjectId(commitId);
      update.setExpectedOldObjectId(parent != null ? parent : ObjectId.zeroId());
      update.setRefLogMessage("sparkgen: " + message.lines().findFirst().orElse(""), false);
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
        throw new IllegalStateException(
            "updating branch " + PRISTINE_BRANCH + " failed: " + result);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "writing the generated files to branch " + PRISTINE_BRANCH + " failed", e);
    }
  }

  /** The files at {@code paths} under {@code root} that exist, with their executable bit. */
  public static Map<String, PlannedFile> readFiles(Path root, Collection<String> paths) {
    Map<String, PlannedFile> files = new TreeMap<>();
    for (String relative : paths) {
      Path path = root;
      for (String segment : relative.split("/")) {
        path = path.resolve(segment);
      }
      if (Files.isRegularFile(path)) {
        try {
          files.put(relative, new PlannedFile(Files.readAllBytes(path), Files.isExecutable(path)));
        } catch (IOException e) {
          throw new UncheckedIOException("reading " + path + " failed", e);
        }
      }
    }
    return files;
  }

  @Override
  public void close() {
    repository.close();
  }
}
