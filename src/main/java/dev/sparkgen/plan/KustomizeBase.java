package dev.sparkgen.plan;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.spec.ProjectSpec;
import java.util.Map;

/** Contributes the Kustomize base, byte for byte, under {@code k8s/base/}: it is not a template. */
final class KustomizeBase implements PlanContributor {

  static final String BASE_DIR = "k8s/base/";

  @Override
  public void contribute(ProjectSpec spec, Archetype archetype, Map<String, PlannedFile> files) {
    archetype
        .kustomizeBase()
        .forEach((path, bytes) -> files.put(BASE_DIR + path, new PlannedFile(bytes, false)));
  }
}
