package dev.sparkgen.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Every YAML file sparkgen reads from a repository (the answers file, skaffold.yaml, what {@code
 * kubectl kustomize} renders) goes through here, within bounds that no real file comes near: {@link
 * #MAX_DEPTH} levels of nesting, {@link #MAX_CHARS} characters, {@link #MAX_ALIASES} aliases of
 * collections. snakeyaml-engine composes nodes recursively and has no depth limit of its own, so a
 * file nested some thousands deep would end in a StackOverflowError; the events are counted first,
 * by its parser, which keeps its state on the heap.
 */
public final class BoundedYaml {

  /** Kubernetes objects (a CRD's schema included) nest a few dozen levels; the answers file 6. */
  public static final int MAX_DEPTH = 100;

  /** The largest file sparkgen renders (PlanRenderer's per-file limit) may be read back. */
  public static final int MAX_CHARS = 16 << 20;

  /** No file sparkgen writes or kubectl renders has any; a billion laughs needs a hundred. */
  public static final int MAX_ALIASES = 50;

  /**
   * YAML that is not YAML or exceeds a bound. The message reads after "is" ("nested deeper than 100
   * levels (line 3)"), so that callers prefix the file's name.
   */
  public static final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RefusedException(String problem) {
      super(problem);
    }
  }

  private BoundedYaml() {}

  /** The first document of {@code text}, or null when there is none. */
  public static Object load(String text) {
    check(text);
    try {
      return new Load(settings()).loadFromString(text);
    } catch (YamlEngineException e) {
      throw notYaml(e);
    }
  }

  /** Every document of {@code text}. */
  public static List<Object> loadAll(String text) {
    check(text);
    List<Object> documents = new ArrayList<>();
    try {
      new Load(settings()).loadAllFromString(text).forEach(documents::add);
    } catch (YamlEngineException e) {
      throw notYaml(e);
    }
    return documents;
  }

  private static LoadSettings settings() {
    return LoadSettings.builder()
        .setCodePointLimit(MAX_CHARS)
        .setMaxAliasesForCollections(MAX_ALIASES)
        .setAllowRecursiveKeys(false)
        .build();
  }

  /** Walks the parser's events: nesting depth and aliases of collections, before composing. */
  private static void check(String text) {
    if (text.length() > MAX_CHARS && text.codePointCount(0, text.length()) > MAX_CHARS) {
      throw new RefusedException(
          "longer than " + String.format("%,d", MAX_CHARS) + " characters, far above any real one");
    }
    Set<Anchor> collections = new HashSet<>();
    int depth = 0;
    int aliases = 0;
    try {
      for (Event event : new Parse(settings()).parseString(text)) {
        if (event instanceof CollectionStartEvent start) {
          if (++depth > MAX_DEPTH) {
            throw new RefusedException(
                "nested deeper than " + MAX_DEPTH + " levels" + at(event.getStartMark()));
          }
          start.getAnchor().ifPresent(collections::add);
        } else if (event.getEventId() == Event.ID.MappingEnd
            || event.getEventId() == Event.ID.SequenceEnd) {
          depth--;
        } else if (event instanceof AliasEvent alias
            && collections.contains(alias.getAlias())
            && ++aliases > MAX_ALIASES) {
          throw new RefusedException(
              "using more than "
                  + MAX_ALIASES
                  + " aliases of collections"
                  + at(event.getStartMark())
                  + " (a billion laughs?)");
        }
      }
    } catch (YamlEngineException e) {
      throw notYaml(e);
    }
  }

  private static String at(Optional<Mark> mark) {
    return mark.map(m -> " (line " + (m.getLine() + 1) + ")").orElse("");
  }

  private static RefusedException notYaml(YamlEngineException e) {
    String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    return new RefusedException("not valid YAML (" + first.strip() + ")");
  }
}
