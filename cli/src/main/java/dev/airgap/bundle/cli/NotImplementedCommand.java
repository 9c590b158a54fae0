package dev.airgap.bundle.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Base of a command whose work has not landed yet: it accepts any arguments (so the user learns
 * the command is missing, not that an option is unknown), prints one sentence and exits 1.
 */
abstract class NotImplementedCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Ignored; collected so {@code bundle export --release 1.x} reports the real problem. */
    @Unmatched
    private List<String> ignoredArguments;

    private final String arrivesWith;

    /** @param arrivesWith what will bring the command, e.g. {@code "the exporter module"} */
    NotImplementedCommand(String arrivesWith) {
        this.arrivesWith = arrivesWith;
    }

    @Override
    public final Integer call() {
        throw new NotImplementedException(spec.qualifiedName(), arrivesWith);
    }
}
