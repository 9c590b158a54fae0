package dev.airgap.bundle.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.util.Locale;
import java.util.Map;

/**
 * What the cli reads from its surroundings, captured once so tests can pass their own.
 *
 * @param variables       the environment variables
 * @param consoleAttached whether {@link System#console()} was non-null (stdin and stdout are a terminal)
 */
public record Environment(Map<String, String> variables, boolean consoleAttached) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    /** The environment of the {@code bundle} command a subcommand belongs to. */
    static Environment of(CommandSpec spec) {
        return spec.root().userObject() instanceof BundleCommand root ? root.environment() : system();
    }

    /** The real process environment. */
    public static Environment system() {
        return new Environment(System.getenv(), System.console() != null);
    }

    /** {@code BUNDLE_DEBUG} set to {@code 1}, {@code true} or {@code yes}. */
    public boolean debug() {
        return isTrue(variables.get("BUNDLE_DEBUG"));
    }

    /**
     * Whether progress may be drawn as a bar: a terminal is attached, no {@code CI} variable is set
     * (CI services set {@code CI=true}), and the terminal is not {@code TERM=dumb}.
     */
    public boolean interactive() {
        String ci = variables.get("CI");
        boolean onCi = ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
        return consoleAttached && !onCi && !"dumb".equals(variables.get("TERM"));
    }

    private static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("yes");
    }
}
