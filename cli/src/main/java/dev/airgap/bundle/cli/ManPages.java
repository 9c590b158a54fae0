package dev.airgap.bundle.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages ({@code bundle.1}, {@code bundle-export.1}, …) rendered as roff straight from the picocli
 * model, so they say what {@code --help} says and need no AsciiDoc tool chain to build.
 * {@code bin/release} runs {@code java -cp bundle.jar dev.airgap.bundle.cli.ManPages DIR}.
 */
public final class ManPages {

    private ManPages() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp bundle.jar " + ManPages.class.getName() + " OUTPUT_DIR");
            System.exit(ExitCode.USAGE.code());
        }
        write(Main.newCommandLine(Environment.system()), Path.of(args[0]));
    }

    /** Writes one page per command and subcommand into {@code dir} (created if missing). */
    public static void write(CommandLine root, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeTree(root, dir);
    }

    private static void writeTree(CommandLine command, Path dir) throws IOException {
        CommandSpec spec = command.getCommandSpec();
        Files.writeString(dir.resolve(spec.qualifiedName("-") + ".1"), page(spec));
        for (CommandLine sub : command.getSubcommands().values()) {
            writeTree(sub, dir);
        }
    }

    static String page(CommandSpec spec) {
        Help help = new Help(spec, Help.defaultColorScheme(Ansi.OFF));
        String name = spec.qualifiedName("-");
        String version = VersionProvider.version();
        StringBuilder roff = new StringBuilder();
        roff.append(".TH ").append(escape(name.toUpperCase(Locale.ROOT))).append(" 1 \"\" \"bundle ")
                .append(escape(version)).append("\" \"User Commands\"\n");
        roff.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(text(summary(spec))).append('\n');
        roff.append(".SH SYNOPSIS\n.nf\n").append(text(help.synopsis(0).stripTrailing())).append("\n.fi\n");
        String description = String.join(" ", spec.usageMessage().description());
        if (!description.isBlank()) {
            roff.append(".SH DESCRIPTION\n").append(text(format(description))).append('\n');
        }
        List<PositionalParamSpec> parameters = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!parameters.isEmpty()) {
            roff.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec parameter : parameters) {
                roff.append(".TP\n\\fI").append(escape(parameter.paramLabel())).append("\\fR\n")
                        .append(text(description(parameter))).append('\n');
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            roff.append(".SH OPTIONS\n");
            for (OptionSpec option : options) {
                roff.append(".TP\n").append(optionTerm(option)).append('\n').append(text(description(option))).append('\n');
            }
        }
        if (!spec.subcommands().isEmpty()) {
            roff.append(".SH COMMANDS\n");
            spec.subcommands().values().stream().distinct().forEach(sub -> roff.append(".TP\n\\fB")
                    .append(escape(sub.getCommandName())).append("\\fR\n")
                    .append(text(summary(sub.getCommandSpec()))).append('\n'));
        }
        String footer = String.join("\n", spec.usageMessage().footer());
        if (!footer.isBlank()) {
            roff.append(".SH EXIT STATUS\n.nf\n").append(text(format(footer).strip())).append("\n.fi\n");
        }
        roff.append(".SH SEE ALSO\n").append(seeAlso(spec)).append('\n');
        return roff.toString();
    }

    /** The one-line summary: the header when there is one, else the description's first sentence. */
    private static String summary(CommandSpec spec) {
        String header = String.join(" ", spec.usageMessage().header());
        if (!header.isBlank()) {
            return format(header);
        }
        String description = format(String.join(" ", spec.usageMessage().description()));
        int end = description.indexOf(": ");
        int dot = description.indexOf(". ");
        int cut = end < 0 ? dot : (dot < 0 ? end : Math.min(end, dot));
        return cut < 0 ? description : description.substring(0, cut);
    }

    private static String description(ArgSpec arg) {
        return format(String.join(" ", arg.description()));
    }

    private static String optionTerm(OptionSpec option) {
        StringBuilder term = new StringBuilder();
        for (String name : option.names()) {
            if (!term.isEmpty()) {
                term.append(", ");
            }
            term.append("\\fB").append(escape(name)).append("\\fR");
        }
        if (option.arity().max() > 0) {
            term.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
        }
        return term.toString();
    }

    private static String seeAlso(CommandSpec spec) {
        StringBuilder links = new StringBuilder();
        if (spec.parent() != null) {
            links.append(escape(spec.parent().qualifiedName("-"))).append("(1)");
        }
        spec.subcommands().values().stream().distinct().forEach(sub -> {
            if (!links.isEmpty()) {
                links.append(", ");
            }
            links.append(escape(sub.getCommandSpec().qualifiedName("-"))).append("(1)");
        });
        return links.isEmpty() ? "bundle\\-export(1), bundle\\-import(1)" : links.toString();
    }

    /** picocli's own format specifiers in help strings (%n, %%). */
    private static String format(String text) {
        return text.replace("%n", "\n").replace("%%", "%");
    }

    /** Running text: escaped, and no line may start with a roff control character. */
    private static String text(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : escape(text).split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line.isBlank() ? ".sp" : line);
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }
}
