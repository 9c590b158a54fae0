package dev.airgap.bundle.cli;

/** Thrown by a command whose work has not landed yet; never pretends to succeed. */
public final class NotImplementedException extends CliException {
    private static final long serialVersionUID = 1L;

    /**
     * @param command     the full command, e.g. {@code bundle export}
     * @param arrivesWith what brings it, e.g. {@code the exporter module}
     */
    public NotImplementedException(String command, String arrivesWith) {
        super(ExitCode.FAILURE,
                "`" + command + "` is not implemented yet in this version; it arrives with " + arrivesWith + ".",
                null);
    }
}
