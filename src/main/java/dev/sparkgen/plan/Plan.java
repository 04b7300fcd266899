package dev.sparkgen.plan;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A generated repository held in memory: relative path (forward slashes) → file. Dry runs, tests
 * and upgrades all work on plans; only the writer puts one on disk.
 */
public record Plan(SortedMap<String, PlannedFile> files) {

  public Plan {
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  public static Plan of(Map<String, PlannedFile> files) {
    return new Plan(new TreeMap<>(files));
  }

  public PlannedFile file(String path) {
    PlannedFile file = files.get(path);
    if (file == null) {
      throw new IllegalArgumentException("the plan has no file " + path);
    }
    return file;
  }

  public long totalBytes() {
    return files.values().stream().mapToLong(PlannedFile::size).sum();
  }
}
