package dev.sparkgen.write;

import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlannedFile;
import dev.sparkgen.spec.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.util.io.EolStreamTypeUtil;

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
  private final Map<String, EolStreamType> checkoutEol = new java.util.HashMap<>();

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

  /** As {@link #uncommitted}, only those under {@code root}, relative to it. */
  public Set<String> uncommittedUnder(Path root) {
    String prefix = workTreePrefix(root);
    Set<String> paths = new TreeSet<>();
    for (String path : uncommitted()) {
      if (path.startsWith(prefix)) {
        paths.add(path.substring(prefix.length()));
      }
    }
    return paths;
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

  /** The git directory ({@code .git}), where the lock lives. */
  public Path gitDirectory() {
    return repository.getDirectory().toPath();
  }

  /**
   * Commits {@code plan} as the next commit of {@value #PRISTINE_BRANCH}; the work tree is not
   * touched.
   */
  public void recordGenerated(Plan plan, String message) {
    movePristine(prepareGenerated(plan, message));
  }

  /** A commit of the generated files written to git's objects, not yet on any branch. */
  public static final class PendingCommit {
    private final ObjectId commit;
    private final ObjectId parent;
    private final String subject;

    private PendingCommit(ObjectId commit, ObjectId parent, String subject) {
      this.commit = commit;
      this.parent = parent;
      this.subject = subject;
    }
  }

  /**
   * Writes {@code plan} as a commit whose parent is the branch's current commit, without moving the
   * branch: objects nothing points at yet change nothing (and {@code git gc} removes them if the
   * command stops here). Refuses a branch that does not point at a commit.
   */
  public PendingCommit prepareGenerated(Plan plan, String message) {
    ObjectId parent = pristineCommit();
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
      return new PendingCommit(commitId, parent, message.lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "writing the generated files to branch " + PRISTINE_BRANCH + " failed", e);
    }
  }

  /**
   * Moves {@value #PRISTINE_BRANCH} to {@code pending}, only if it still is where it was when the
   * commit was prepared; one atomic rename of git's ref file.
   */
  public void movePristine(PendingCommit pending) {
    try {
      RefUpdate update = repository.updateRef(Constants.R_HEADS + PRISTINE_BRANCH);
      update.setNewObjectId(pending.commit);
      update.setExpectedOldObjectId(pending.parent != null ? pending.parent : ObjectId.zeroId());
      update.setRefLogMessage("sparkgen: " + pending.subject, false);
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
        throw new IllegalStateException(
            "updating branch " + PRISTINE_BRANCH + " failed: " + result);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("moving branch " + PRISTINE_BRANCH + " failed", e);
    }
  }

  /**
   * The commit the branch points at, null without the branch; a refusal when it points at something
   * else (a parent that is not a commit makes a corrupt commit) or at nothing.
   */
  private ObjectId pristineCommit() {
    try {
      org.eclipse.jgit.lib.Ref ref = repository.exactRef(Constants.R_HEADS + PRISTINE_BRANCH);
      if (ref == null || ref.getObjectId() == null) {
        return null;
      }
      ObjectId id = ref.getObjectId();
      if (!repository.getObjectDatabase().has(id)) {
        throw new InvalidInputException(
            "Branch "
                + PRISTINE_BRANCH
                + " points at "
                + id.name()
                + ", which is missing from this repository's objects (a shallow or partial clone, or a damaged repository); fetch the branch again from where sparkgen last ran (git fetch origin "
                + PRISTINE_BRANCH
                + ":"
                + PRISTINE_BRANCH
                + "), or delete it (git update-ref -d refs/heads/"
                + PRISTINE_BRANCH
                + ") and run again.");
      }
      int type = repository.getObjectDatabase().open(id).getType();
      if (type != Constants.OBJ_COMMIT) {
        throw new InvalidInputException(
            "Branch "
                + PRISTINE_BRANCH
                + " points at a "
                + Constants.typeString(type)
                + " ("
                + id.name()
                + "), not a commit; point it back at its last commit (git reflog "
                + PRISTINE_BRANCH
                + ") or delete it (git update-ref -d refs/heads/"
                + PRISTINE_BRANCH
                + "), then run again.");
      }
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("reading branch " + PRISTINE_BRANCH + " failed", e);
    }
  }

  /**
   * The files at {@code paths} under {@code root} that exist, with their executable bit, as git
   * would store them: line ends converted the way {@code git add} converts them here ({@code
   * .gitattributes}, {@code core.autocrlf}), so that a CRLF checkout of an unedited file equals
   * what was generated. Every path is checked to stay inside the repository first.
   */
  public Map<String, PlannedFile> readFiles(Path root, Collection<String> paths) {
    RepositoryPaths checked = RepositoryPaths.of(root);
    Map<String, PlannedFile> files = new TreeMap<>();
    for (String relative : paths) {
      Path path = checked.resolve(relative);
      if (Files.isRegularFile(path)) {
        try {
          files.put(relative, new PlannedFile(Files.readAllBytes(path), Files.isExecutable(path)));
        } catch (IOException e) {
          throw new UncheckedIOException("reading " + path + " failed", e);
        }
      }
    }
    if (files.isEmpty() || repository.isBare()) {
      return files;
    }
    String prefix = workTreePrefix(root);
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(new FileTreeIterator(repository));
      walk.setRecursive(true);
      walk.setFilter(
          PathFilterGroup.createFromStrings(files.keySet().stream().map(p -> prefix + p).toList()));
      while (walk.next()) {
        String relative = walk.getPathString().substring(prefix.length());
        PlannedFile file = files.get(relative);
        if (file == null) {
          continue;
        }
        EolStreamType checkin = walk.getEolStreamType(TreeWalk.OperationType.CHECKIN_OP);
        EolStreamType checkout = walk.getEolStreamType(TreeWalk.OperationType.CHECKOUT_OP);
        if (checkin != null && checkin != EolStreamType.DIRECT) {
          try (InputStream in =
              EolStreamTypeUtil.wrapInputStream(
                  new ByteArrayInputStream(file.content()), checkin)) {
            files.put(relative, new PlannedFile(in.readAllBytes(), file.executable()));
          }
        }
        if (checkout != null && checkout != EolStreamType.DIRECT) {
          checkoutEol.put(relative, checkout);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading git's attributes under " + root + " failed", e);
    }
    return files;
  }

  /**
   * {@code file} as it goes into the work tree at {@code relative}: with the line ends a checkout
   * there gives (known for the files {@link #readFiles} read; new files are written as generated).
   */
  public PlannedFile toWorkTree(String relative, PlannedFile file) {
    EolStreamType type = checkoutEol.get(relative);
    if (type == null) {
      return file;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = EolStreamTypeUtil.wrapOutputStream(bytes, type)) {
      out.write(file.content());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PlannedFile(bytes.toByteArray(), file.executable());
  }

  /** The path of {@code root} in the work tree, with a trailing slash, or empty at its top. */
  private String workTreePrefix(Path root) {
    try {
      Path top = repository.getWorkTree().toPath().toRealPath();
      String relative = top.relativize(root.toRealPath()).toString().replace('\\', '/');
      return relative.isEmpty() ? "" : relative + "/";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + root, e);
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
