package dev.airgap.bundle.cli;

import dev.airgap.bundle.exporter.ExportException;
import dev.airgap.bundle.exporter.UnresolvedImagesException;
import dev.airgap.bundle.exporter.catalog.CatalogException;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.importer.MissingBlobsException;
import dev.airgap.bundle.importer.PruneRefusedException;
import dev.airgap.bundle.importer.TagDriftException;
import dev.airgap.bundle.importer.flavor.FlavorException;
import dev.airgap.bundle.importer.ledger.ConcurrentLedgerException;
import dev.airgap.bundle.importer.ledger.LeaseHeldException;
import dev.airgap.bundle.importer.ledger.LedgerMissingException;
import dev.airgap.bundle.importer.ledger.ReplayException;
import dev.airgap.bundle.importer.pull.PullSecretException;
import dev.airgap.bundle.format.signing.KeyFileException;
import dev.airgap.bundle.registry.config.ConfigException;
import dev.airgap.bundle.registry.CaFileException;
import dev.airgap.bundle.registry.ConnectionSettingsException;
import dev.airgap.bundle.registry.CredentialsException;
import dev.airgap.bundle.registry.RegistryAuthException;
import dev.airgap.bundle.registry.RegistryException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * The one table from exception types to exit codes and user hints.
 *
 * <p>To map a new module exception, add one line to {@link #defaults()}:
 * <pre>{@code .map(RegistryException.class, ExitCode.REGISTRY, "Check the registry address ...")}</pre>
 * A mapping covers the type and all its subtypes (classes and interfaces), the most specific
 * mapping wins, and wrapped causes are searched too, so a module only needs to throw its
 * own typed exception. Messages are never matched, only types.
 */
public final class ExitCodes {

    /** What the error handler prints and returns for one failure. */
    public record Outcome(ExitCode exitCode, String sentence, String hint) {
        public Outcome {
            Objects.requireNonNull(exitCode, "exitCode");
            Objects.requireNonNull(sentence, "sentence");
        }
    }

    private record Rule(ExitCode exitCode, String hint, Function<Throwable, String> describe) {}

    static final String DEBUG_HINT = "Run again with --debug (or BUNDLE_DEBUG=1) to see the stack trace.";
    private static final String NETWORK_HINT =
            "Check the registry address, that it is reachable from this machine, and any proxy settings; then run again.";

    /** Wrapper types that add nothing a user needs; their cause is reported instead. */
    private static final Set<Class<?>> WRAPPERS = Set.of(CompletionException.class, ExecutionException.class,
            InvocationTargetException.class, UndeclaredThrowableException.class);

    private static final ExitCodes DEFAULTS = builder()
            // --- JDK network failures: exit 4 ---
            .map(UnknownHostException.class, ExitCode.REGISTRY,
                    "Check the host name of the registry and this machine's DNS settings; then run again.",
                    e -> "cannot resolve host " + e.getMessage())
            .map(ConnectException.class, ExitCode.REGISTRY, NETWORK_HINT,
                    e -> "cannot connect to the registry: " + e.getMessage())
            .map(NoRouteToHostException.class, ExitCode.REGISTRY, NETWORK_HINT,
                    e -> "no network route to the registry: " + e.getMessage())
            .map(SocketTimeoutException.class, ExitCode.REGISTRY, NETWORK_HINT,
                    e -> "the registry did not answer in time: " + e.getMessage())
            .map(HttpTimeoutException.class, ExitCode.REGISTRY, NETWORK_HINT,
                    e -> "the registry did not answer in time: " + e.getMessage())
            .map(SSLException.class, ExitCode.REGISTRY,
                    "Check that the registry's certificate is trusted by this machine (or pass its CA), then run again.",
                    e -> "TLS handshake with the registry failed: " + e.getMessage())
            // --- JDK file failures: exit 1 ---
            .map(NoSuchFileException.class, ExitCode.FAILURE, "Check the path and run again.",
                    e -> "file not found: " + e.getMessage())
            .map(AccessDeniedException.class, ExitCode.FAILURE, "Check the file's permissions and run again.",
                    e -> "permission denied: " + e.getMessage())
            .map(FileAlreadyExistsException.class, ExitCode.FAILURE,
                    "Choose another path or remove the existing file, then run again.",
                    e -> "file already exists: " + e.getMessage())
            // --- module exceptions: one line each ---
            .map(IntegrityException.class, ExitCode.VERIFICATION_FAILED,
                    "The content is not what was expected; fetch it again from a trusted source, and do not use it as it is.")
            .map(RegistryException.class, ExitCode.REGISTRY,
                    "Check the registry address, that it is reachable, and its answer above; then run again.")
            .map(ConnectionSettingsException.class, ExitCode.REGISTRY,
                    "Change the setting named above for this registry, then run again.")
            .map(RegistryAuthException.class, ExitCode.REGISTRY,
                    "Check the credentials for this registry (docker config, credential helper or token file) and their permissions.")
            .map(FlavorException.class, ExitCode.REGISTRY,
                    "Fix the target's admin API access (api-url, tokens, permissions or quota) as described above, then run again.")
            .map(TagDriftException.class, ExitCode.FAILURE,
                    "Check who moved them (`bundle status --target NAME` lists them); import with --force-retag to put them back.")
            .map(MissingBlobsException.class, ExitCode.FAILURE,
                    "Run `bundle export --repair missing.json` on the connected side, import that bundle, then this one again.")
            .map(PruneRefusedException.class, ExitCode.FAILURE,
                    "Nothing was changed; import this bundle without --prune.")
            .map(ReplayException.class, ExitCode.VERIFICATION_FAILED,
                    "Nothing was pushed: rollback protection refused this signed bundle for the reason above.")
            .map(LedgerMissingException.class, ExitCode.VERIFICATION_FAILED,
                    "Restore the target's ledger as described above, or import with --reset-ledger to start rollback protection over on purpose.")
            .map(LeaseHeldException.class, ExitCode.FAILURE,
                    "Nothing was changed; run the import again once the other import into this target has finished.")
            .map(ConcurrentLedgerException.class, ExitCode.FAILURE,
                    "Another import changed the target's ledger meanwhile; run this import again.")
            .map(PullSecretException.class, ExitCode.FAILURE,
                    "Fix the target's \"pull\" section in registries.json (or the token file it names) as described above, then run again.")
            .map(CaFileException.class, ExitCode.FAILURE,
                    "Point ca-file in registries.json (or --ca-file) at the PEM file of the CA that signed the registry's certificate, then run again.")
            .map(ConfigException.class, ExitCode.FAILURE,
                    "Fix registries.json as described above; its schema is in the README.")
            .map(CatalogException.class, ExitCode.FAILURE,
                    "Fix the release catalog (or the --images file) as described above, then run again.")
            .map(KeyFileException.class, ExitCode.FAILURE,
                    "Use the PREFIX.key or PREFIX.pub files written by `bundle keygen`.")
            .map(UnresolvedImagesException.class, ExitCode.REGISTRY,
                    "Fix the references named above in the catalog (or the access to their registries), then run the export again (with --cache, fetched blobs stay cached).")
            .map(ExportException.class, ExitCode.FAILURE,
                    "See the reason above; run the export again once it is fixed (with --cache, fetched blobs stay cached).")
            .map(CredentialsException.class, ExitCode.FAILURE,
                    "Fix or remove the credentials file named above, then run again.")
            .build();

    private final Map<Class<?>, Rule> rules;

    private ExitCodes(Map<Class<?>, Rule> rules) {
        this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /** The table the {@code bundle} command uses. */
    public static ExitCodes defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this table, to add or override mappings (tests, embedding). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.rules.putAll(rules);
        return b;
    }

    /**
     * Classifies a failure. The first throwable in the cause chain that is a {@link CliException}
     * or has a mapped type decides the exit code and hint; anything else is exit 1.
     */
    public Outcome classify(Throwable failure) {
        Throwable top = unwrap(failure);
        for (Throwable t : causeChain(top)) {
            if (t instanceof CliException cli) {
                return new Outcome(cli.exitCode(), sentenceFor(top, t, cli.getMessage()), cli.hint());
            }
            Rule rule = ruleFor(t.getClass());
            if (rule != null) {
                String described = rule.describe() == null ? plainMessage(t) : rule.describe().apply(t);
                return new Outcome(rule.exitCode(), sentenceFor(top, t, described), rule.hint());
            }
        }
        return new Outcome(ExitCode.FAILURE, sentence(plainMessage(top)), DEBUG_HINT);
    }

    /** Most specific mapping for a type: the class itself, then its interfaces, then up the superclasses. */
    private Rule ruleFor(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Rule rule = rules.get(c);
            if (rule != null) {
                return rule;
            }
            Deque<Class<?>> interfaces = new ArrayDeque<>(List.of(c.getInterfaces()));
            while (!interfaces.isEmpty()) {
                Class<?> i = interfaces.removeFirst();
                Rule byInterface = rules.get(i);
                if (byInterface != null) {
                    return byInterface;
                }
                interfaces.addAll(List.of(i.getInterfaces()));
            }
        }
        return null;
    }

    /** When the deciding cause is not the top exception, the top message gives context. */
    private static String sentenceFor(Throwable top, Throwable decider, String described) {
        if (top == decider || top.getMessage() == null) {
            return sentence(described);
        }
        String context = stripEnd(top.getMessage());
        if (context.contains(String.valueOf(decider.getMessage()))) {
            return sentence(context);
        }
        return sentence(context + " (" + stripEnd(described) + ")");
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while (WRAPPERS.contains(current.getClass()) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static Iterable<Throwable> causeChain(Throwable top) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = top; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static String plainMessage(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return "unexpected " + t.getClass().getName();
        }
        return message;
    }

    private static String stripEnd(String s) {
        String trimmed = s.strip();
        return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** Makes sure the message reads as one sentence: trimmed and ending with a full stop. */
    static String sentence(String message) {
        String trimmed = message.strip();
        if (trimmed.isEmpty()) {
            return trimmed;
        }
        char last = trimmed.charAt(trimmed.length() - 1);
        return last == '.' || last == '!' || last == '?' ? trimmed : trimmed + ".";
    }

    /** Collects mappings; later mappings of the same type replace earlier ones. */
    public static final class Builder {
        private final Map<Class<?>, Rule> rules = new LinkedHashMap<>();

        private Builder() {}

        /** Maps a type (and its subtypes) to an exit code and a hint; the message is printed as it is. */
        public Builder map(Class<? extends Throwable> type, ExitCode exitCode, String hint) {
            return put(type, new Rule(exitCode, hint, null));
        }

        /**
         * Maps an interface (a marker a module's exceptions implement) to an exit code and a hint.
         * Use this when one module has several unrelated exception classes with the same meaning.
         */
        public Builder mapInterface(Class<?> marker, ExitCode exitCode, String hint) {
            if (!marker.isInterface()) {
                throw new IllegalArgumentException(marker.getName() + " is not an interface");
            }
            return put(marker, new Rule(exitCode, hint, null));
        }

        /** Like {@link #map(Class, ExitCode, String)}, with a sentence built from the exception. */
        public <T extends Throwable> Builder map(Class<T> type, ExitCode exitCode, String hint,
                Function<? super T, String> describe) {
            Objects.requireNonNull(describe, "describe");
            return put(type, new Rule(exitCode, hint, t -> describe.apply(type.cast(t))));
        }

        private Builder put(Class<?> type, Rule rule) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(rule.exitCode(), "exitCode");
            if (rule.exitCode() == ExitCode.OK || rule.exitCode() == ExitCode.USAGE) {
                throw new IllegalArgumentException("exceptions cannot map to exit code " + rule.exitCode().code()
                        + "; usage errors come from picocli's parser");
            }
            rules.put(type, rule);
            return this;
        }

        public ExitCodes build() {
            return new ExitCodes(rules);
        }
    }
}
