package dev.airgap.bundle.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a command's output goes. Results go to stdout: as JSON under {@code --json}, as text otherwise.
 * Notes and progress go to stderr, so stdout stays clean for pipes and JSON. Get one from
 * {@link OutputOptions#console()} inside a command.
 */
public final class Console {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean interactive;
    private final LongSupplier nanoClock;

    Console(PrintWriter out, PrintWriter err, boolean json, boolean interactive, LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.json = json;
        this.interactive = interactive;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** A console for the given command, using its writers and the cli's {@link Environment}. */
    static Console of(CommandSpec spec, boolean json) {
        Environment environment = Environment.of(spec);
        return new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), json,
                environment.interactive(), System::nanoTime);
    }

    /** stdout, for results. */
    public PrintWriter out() {
        return out;
    }

    /** stderr, for notes, warnings and progress. */
    public PrintWriter err() {
        return err;
    }

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }

    /** Whether a person is watching a terminal (so progress is drawn as a bar). */
    public boolean interactive() {
        return interactive;
    }

    /**
     * Prints a command's result: {@code value} as JSON under {@code --json} (records, maps and lists
     * serialize as expected), otherwise whatever {@code text} writes.
     */
    public void result(Object value, Consumer<PrintWriter> text) {
        if (json) {
            try {
                JSON.writeValue(out, value);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the JSON result", e);
            }
            out.println();
        } else {
            text.accept(out);
        }
        out.flush();
    }

    /** A line of information for people, on stderr (kept off stdout so pipes and JSON stay clean). */
    public void note(String line) {
        err.println(line);
        err.flush();
    }

    /**
     * A progress renderer on stderr: a bar redrawn in place when {@link #interactive()}, plain lines
     * otherwise. Close it when the work ends.
     */
    public Progress progress() {
        return interactive ? new ProgressBar(err, nanoClock) : new ProgressLines(err);
    }
}
