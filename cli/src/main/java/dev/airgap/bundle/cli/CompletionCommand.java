package dev.airgap.bundle.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bundle completion bash|zsh}: the shell completion script, generated from the command model. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    header = "Print the shell completion script for bash or zsh.",
    description = "Load it in the running shell with `source <(bundle completion bash)` (zsh: `source <(bundle"
        + " completion zsh)`), or add that line to ~/.bashrc or ~/.zshrc. The release archive and the .deb"
        + " install the bash script under share/bash-completion/completions.")
final class CompletionCommand implements Callable<Integer> {

    /** The shells the script serves; zsh runs the bash script through its bashcompinit layer. */
    enum Shell { bash, zsh }

    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    private Shell shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash(spec.root().name(), spec.root().commandLine());
        if (shell == Shell.zsh) {
            // picocli's script calls `complete`, which zsh only has after bashcompinit.
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
