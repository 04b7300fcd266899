package dev.sparkgen.plan;

import dev.sparkgen.spec.InvalidInputException;

/** A template that does not render: names the template and line, so its author can fix it. */
public final class TemplateRenderException extends InvalidInputException {

  TemplateRenderException(String message) {
    super(message);
  }

  TemplateRenderException(String template, int line, String problem) {
    super(
        "Template "
            + template
            + (line > 0 ? " line " + line : "")
            + " does not render: "
            + problem);
  }
}
