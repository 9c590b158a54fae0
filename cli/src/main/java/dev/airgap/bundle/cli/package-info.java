/**
 * The {@code bundle} command line: thin picocli commands, one error handler ({@link
 * dev.airgap.bundle.cli.ErrorHandler}), one exit-code table ({@link dev.airgap.bundle.cli.ExitCodes}),
 * and output through {@link dev.airgap.bundle.cli.Console} and {@link dev.airgap.bundle.cli.Progress}.
 * This is the only module that knows exit codes.
 */
package dev.airgap.bundle.cli;
