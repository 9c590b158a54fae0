package dev.airgap.bundle.testing.images;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately tiny JSON writer. Written by hand (no Jackson) so that every byte of a
 * generated manifest is decided here: the whole point of the fixtures is that the tool under
 * test must pass these exact bytes through, and a library could change formatting under us.
 *
 * <p>Values are: {@link Map} (written in iteration order, so use {@link #obj}), {@link List},
 * {@link String}, {@link Number} (integers only), {@link Boolean}.
 */
final class Json {
    private Json() {}

    /** How to lay out the output. */
    record Style(String newline, String indent, String colon, boolean reverseKeys, String emptyInner, String trailer) {
        /** What Go's json.Marshal (and thus most registries/tools) produce. */
        static final Style COMPACT = new Style(null, "", ":", false, "", "");

        /**
         * Valid JSON that no serializer produces by default: CRLF line breaks, tab indents,
         * a space before each colon and a tab after it, keys in reverse of the usual order,
         * a space inside empty containers and a bare LF at the very end. Any parse+reserialize
         * step anywhere in a pipeline is bound to change at least one of these bytes.
         */
        static final Style ODD = new Style("\r\n", "\t", " :\t", true, " ", "\n");

        /** Go's json.MarshalIndent(v, "", "   "), which Docker used for schema1 manifests. */
        static final Style DOCKER_PRETTY = new Style("\n", "   ", ": ", false, "", "");
    }

    /** An ordered object from alternating key/value arguments; null values are skipped. */
    static Map<String, Object> obj(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of arguments");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                m.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return m;
    }

    static byte[] write(Object value, Style style) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, style, 0);
        sb.append(style.trailer());
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String writeString(Object value, Style style) {
        return new String(write(value, style), StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder sb, Object v, Style s, int level) {
        if (v instanceof Map<?, ?> m) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            if (s.reverseKeys()) {
                Collections.reverse(entries);
            }
            List<Runnable> items = new ArrayList<>();
            for (Map.Entry<?, ?> e : entries) {
                items.add(() -> {
                    string(sb, (String) e.getKey());
                    sb.append(s.colon());
                    write(sb, e.getValue(), s, level + 1);
                });
            }
            container(sb, '{', '}', items, s, level);
        } else if (v instanceof List<?> l) {
            List<Runnable> items = new ArrayList<>();
            for (Object o : l) {
                items.add(() -> write(sb, o, s, level + 1));
            }
            container(sb, '[', ']', items, s, level);
        } else if (v instanceof String str) {
            string(sb, str);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            sb.append(v);
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v == null) {
            sb.append("null");
        } else {
            throw new IllegalArgumentException("unsupported JSON value type: " + v.getClass());
        }
    }

    private static void container(StringBuilder sb, char open, char close, List<Runnable> items, Style s, int level) {
        sb.append(open);
        if (items.isEmpty()) {
            sb.append(s.emptyInner()).append(close);
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            breakLine(sb, s, level + 1);
            items.get(i).run();
        }
        breakLine(sb, s, level);
        sb.append(close);
    }

    private static void breakLine(StringBuilder sb, Style s, int level) {
        if (s.newline() != null) {
            sb.append(s.newline()).append(s.indent().repeat(level));
        }
    }

    private static void string(StringBuilder sb, String str) {
        sb.append('"');
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
