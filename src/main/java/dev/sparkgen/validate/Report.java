package dev.sparkgen.validate;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What validate found, as text for people or JSON for CI. The JSON's shape is published as a
 * schema: {@code sparkgen/schemas/sparkgen/validate-report.json} in the jar, docs/validate.md.
 */
public record Report(
    Path repository, List<String> environments, List<Finding> findings, List<Finding> warnings) {

  public Report(Path repository, List<String> environments, List<Finding> findings) {
    this(repository, environments, findings, List.of());
  }

  /** The version of the JSON report's shape, bumped on incompatible changes. */
  public static final int FORMAT_VERSION = 1;

  public boolean clean() {
    return findings.isEmpty();
  }

  public void printText(PrintWriter out) {
    for (Finding f : findings) {
      print(f, "", out);
    }
    for (Finding f : warnings) {
      print(f, "warning: ", out);
    }
    String warned =
        warnings.isEmpty()
            ? ""
            : ", " + warnings.size() + " warning" + (warnings.size() == 1 ? "" : "s");
    if (clean()) {
      out.printf(
          "%s: no findings in %s (%d rules)%s.%n",
          repository, environments, Rules.ALL.size(), warned);
    } else {
      out.printf(
          "%d finding%s in %s%s.%n",
          findings.size(), findings.size() == 1 ? "" : "s", environments, warned);
    }
  }

  private static void print(Finding f, String prefix, PrintWriter out) {
    out.printf(
        "%s%s: %s%s [%s]%n",
        prefix, f.file(), f.object() == null ? "" : f.object() + ": ", f.message(), f.rule());
    out.printf("    fix: %s%n", f.fix());
  }

  public String json() {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("formatVersion", FORMAT_VERSION);
    report.put("repository", repository.toString());
    report.put("environments", environments);
    report.put("clean", clean());
    report.put("findings", findings.stream().map(Report::json).toList());
    report.put("warnings", warnings.stream().map(Report::json).toList());
    return JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build()
        .writeValueAsString(report);
  }

  private static Map<String, Object> json(Finding f) {
    Map<String, Object> finding = new LinkedHashMap<>();
    finding.put("rule", f.rule());
    finding.put("environment", f.environment());
    finding.put("file", f.file());
    finding.put("object", f.object());
    finding.put("message", f.message());
    finding.put("fix", f.fix());
    return finding;
  }
}
