package org.plantwire.api;

/**
 * A subscription pattern over tag paths with MQTT-style wildcards: {@code +} matches exactly one segment,
 * {@code #} (last segment only) matches the rest of the path, including nothing: {@code acme/#} matches
 * {@code acme/woodlands/line1/speed}; {@code acme/+/packaging/+/filler/temperature} matches the filler temperature
 * of every line of every site. A pattern without wildcards matches exactly one path.
 */
public final class TagPattern {

    private static final String ANY_ONE = "+";
    private static final String ANY_REST = "#";

    private final String text;
    private final String[] segments;
    private final boolean multiLevel;
    private final boolean wildcard;

    private TagPattern(String text, String[] segments) {
        this.text = text;
        // wildcard segments point at the constants so matching can compare by identity
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals(ANY_ONE)) {
                segments[i] = ANY_ONE;
            }
        }
        this.segments = segments;
        this.multiLevel = segments[segments.length - 1].equals(ANY_REST);
        boolean w = multiLevel;
        for (String s : segments) {
            w |= s.equals(ANY_ONE);
        }
        this.wildcard = w;
    }

    /** The pattern that matches every tag. */
    public static TagPattern all() {
        return of(ANY_REST);
    }

    /**
     * Parses and validates a pattern.
     *
     * @throws InvalidTagPathException with a message that says what is wrong
     */
    public static TagPattern of(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new InvalidTagPathException("Invalid tag pattern '" + pattern + "': a pattern is required (use '#' for all tags)");
        }
        if (pattern.startsWith("/") || pattern.endsWith("/")) {
            throw new InvalidTagPathException("Invalid tag pattern '" + pattern + "': it must not start or end with '/'");
        }
        String[] parts = pattern.split("/", -1);
        if (parts.length > TagPath.MAX_SEGMENTS) {
            throw new InvalidTagPathException("Invalid tag pattern '" + pattern + "': it has " + parts.length
                    + " segments, at most " + TagPath.MAX_SEGMENTS + " are allowed");
        }
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals(ANY_ONE)) {
                continue;
            }
            if (part.equals(ANY_REST)) {
                if (i != parts.length - 1) {
                    throw new InvalidTagPathException("Invalid tag pattern '" + pattern + "': '#' is allowed only as the last segment");
                }
                continue;
            }
            if (part.isEmpty()) {
                throw new InvalidTagPathException("Invalid tag pattern '" + pattern + "': segment " + (i + 1) + " is empty");
            }
            for (int c = 0; c < part.length(); c++) {
                char ch = part.charAt(c);
                if (!TagPath.isSegmentChar(ch)) {
                    String what = ch == '+' || ch == '#'
                            ? "'" + ch + "' inside a name (a wildcard must be a whole segment)"
                            : Character.isWhitespace(ch) ? "whitespace" : "'" + ch + "'";
                    throw new InvalidTagPathException("Invalid tag pattern '" + pattern + "': segment " + (i + 1) + " ('"
                            + part + "') contains " + what);
                }
            }
        }
        return new TagPattern(pattern, parts);
    }

    /** True when the path matches this pattern. Allocation free. */
    public boolean matches(TagPath path) {
        String[] p = path.segmentsUnsafe();
        int n = segments.length;
        if (multiLevel) {
            // '#' also matches the parent level itself: "a/#" matches "a/b" and (as in MQTT) "a"
            if (p.length < n - 1) {
                return false;
            }
            n--;
        } else if (p.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            String s = segments[i];
            if (s != ANY_ONE && !s.equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    /** True when the pattern contains {@code +} or {@code #}. */
    public boolean hasWildcards() {
        return wildcard;
    }

    /** The exact path this pattern stands for; only for patterns without wildcards. */
    public TagPath asPath() {
        if (wildcard) {
            throw new IllegalStateException("Pattern '" + text + "' has wildcards");
        }
        return TagPath.of(text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagPattern && text.equals(((TagPattern) o).text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
