package dev.sparkgen.validate;

/**
 * One problem found in a job repository: where (the environment, the file, and the rendered object
 * when there is one), which rule it breaks, what is wrong and how to fix it.
 *
 * @param rule the rule's id (see {@link Rules}), stable for scripts and the JSON output
 * @param environment the overlay's name, or null for something outside the overlays (skaffold.yaml,
 *     k8s/base)
 * @param file the file to edit, relative to the repository
 * @param object the rendered object as Kind/name, or null when the finding is about a file
 * @param message what is wrong, one sentence
 * @param fix what to change, one sentence
 */
public record Finding(
    String rule, String environment, String file, String object, String message, String fix) {}
