package dev.sparkgen.plan;

import dev.sparkgen.archetype.Archetype;
import dev.sparkgen.spec.ProjectSpec;
import java.util.Map;

/** One part of a plan (Spring Initializr's project contributors): pure, no disk. */
interface PlanContributor {

  /** Adds its files to {@code files}, which holds what earlier contributors added. */
  void contribute(ProjectSpec spec, Archetype archetype, Map<String, PlannedFile> files);
}
