package dev.sparkgen.testing;

import dev.sparkgen.archetype.ArchetypeCatalog;
import dev.sparkgen.plan.Plan;
import dev.sparkgen.plan.PlanRenderer;
import dev.sparkgen.spec.ProjectSpec;
import dev.sparkgen.spec.SpecBuilder;
import java.util.function.UnaryOperator;

/** Specs and plans from the built-in templates, for tests. */
public final class Fixtures {

  /** A fixed generator version, so plans do not change with the project's own version. */
  public static final String GENERATOR_VERSION = "0.0.0-test";

  private Fixtures() {}

  public static ProjectSpec spec(String name, UnaryOperator<SpecBuilder> options) {
    return options.apply(SpecBuilder.named(name)).build(ArchetypeCatalog.builtIn().descriptors());
  }

  public static Plan plan(String name, UnaryOperator<SpecBuilder> options) {
    ProjectSpec spec = spec(name, options);
    return new PlanRenderer(GENERATOR_VERSION)
        .render(spec, ArchetypeCatalog.builtIn().load(spec.archetypeId()));
  }

  public static Plan demoPlan() {
    return plan("spark-pi-demo", b -> b);
  }
}
