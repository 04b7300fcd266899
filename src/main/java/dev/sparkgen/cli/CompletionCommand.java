package dev.sparkgen.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sparkgen completion bash|zsh}: prints the shell completion script picocli generates from
 * the command model, so it never falls behind the commands and options. zsh runs the same script
 * through bashcompinit, which the script loads itself under zsh.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints the shell completion script for sparkgen.",
      "bash: source <(sparkgen completion bash)   (or save it in /etc/bash_completion.d/)",
      "zsh:  source <(sparkgen completion zsh)    (in ~/.zshrc)"
    })
final class CompletionCommand implements Callable<Integer> {

  enum Shell {
    bash,
    zsh
  }

  @Parameters(
      index = "0",
      paramLabel = "bash|zsh",
      description = "The shell: ${COMPLETION-CANDIDATES}.")
  Shell shell;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("sparkgen", commandSpec.root().commandLine());
    commandSpec.commandLine().getOut().print(script);
    commandSpec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
