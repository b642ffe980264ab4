package org.plantwire.api;

import java.util.Arrays;

/**
 * A tag's place in the plant's unified namespace, following ISA-95:
 * {@code enterprise/site/area/line/cell/point}, e.g. {@code acme/woodlands/packaging/line1/filler/temperature}.
 *
 * <p>A path maps one to one onto an MQTT topic and an OPC UA browse path, so the rules are strict:
 * 2 to {@value #MAX_SEGMENTS} segments separated by {@code /}; each segment 1 to {@value #MAX_SEGMENT_LENGTH}
 * characters of letters, digits, {@code -}, {@code _} and {@code .}; no empty segment, no leading or trailing
 * {@code /}, no wildcards ({@code +} and {@code #} belong in a {@link TagPattern}), no {@code .} or {@code ..}
 * segment. Paths are case sensitive. Instances are immutable and cache their hash, so they make cheap map keys.
 */
public final class TagPath implements Comparable<TagPath> {

    public static final int MAX_SEGMENTS = 16;
    public static final int MAX_SEGMENT_LENGTH = 64;
    public static final int MIN_SEGMENTS = 2;

    private final String path;
    private final String[] segments;
    private final int hash;

    private TagPath(String path, String[] segments) {
        this.path = path;
        this.segments = segments;
        this.hash = path.hashCode();
    }

    /**
     * Parses and validates a path.
     *
     * @throws InvalidTagPathException with a message naming the offending segment and character
     */
    public static TagPath of(String path) {
        String problem = check(path);
        if (problem != null) {
            throw new InvalidTagPathException("Invalid tag path '" + path + "': " + problem);
        }
        return new TagPath(path, path.split("/", -1));
    }

    /** Builds a path from segments, validating each one. */
    public static TagPath of(String first, String... more) {
        StringBuilder sb = new StringBuilder(first);
        for (String s : more) {
            sb.append('/').append(s);
        }
        return of(sb.toString());
    }

    /** True when {@link #of(String)} would accept the text. */
    public static boolean isValid(String path) {
        return check(path) == null;
    }

    /** Returns why the text is not a valid path, or null when it is. */
    static String check(String path) {
        if (path == null) {
            return "a tag path is required";
        }
        if (path.isEmpty() || path.isBlank()) {
            return "a tag path must not be empty";
        }
        if (path.charAt(0) == '/') {
            return "it must not start with '/' (write enterprise/site/..., e.g. acme/woodlands/packaging/line1/filler/temperature)";
        }
        if (path.charAt(path.length() - 1) == '/') {
            return "it must not end with '/'";
        }
        int segmentCount = 1;
        int segmentStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                String problem = checkSegment(path, segmentStart, i, segmentCount);
                if (problem != null) {
                    return problem;
                }
                if (i < path.length()) {
                    segmentCount++;
                    segmentStart = i + 1;
                }
            }
        }
        if (segmentCount < MIN_SEGMENTS) {
            return "it has " + segmentCount + " segment but needs at least " + MIN_SEGMENTS
                    + " (enterprise/site/...), e.g. acme/woodlands/packaging/line1/filler/temperature";
        }
        if (segmentCount > MAX_SEGMENTS) {
            return "it has " + segmentCount + " segments, at most " + MAX_SEGMENTS + " are allowed";
        }
        return null;
    }

    private static String checkSegment(String path, int start, int end, int number) {
        if (start == end) {
            return "segment " + number + " is empty ('//' or a missing name)";
        }
        if (end - start > MAX_SEGMENT_LENGTH) {
            return "segment " + number + " is " + (end - start) + " characters long, at most " + MAX_SEGMENT_LENGTH
                    + " are allowed";
        }
        String segment = path.substring(start, end);
        if (segment.equals(".") || segment.equals("..")) {
            return "segment " + number + " must not be '" + segment + "'";
        }
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            if (!isSegmentChar(c)) {
                String what = c == '+' || c == '#' ? "the wildcard '" + c + "' (wildcards are allowed in patterns only)"
                        : Character.isWhitespace(c) ? "whitespace" : "'" + c + "'";
                return "segment " + number + " ('" + segment + "') contains " + what + " at position " + (i - start + 1)
                        + "; allowed are letters, digits, '-', '_' and '.'";
            }
        }
        return null;
    }

    static boolean isSegmentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.';
    }

    /** Number of segments. */
    public int size() {
        return segments.length;
    }

    /** The segment at {@code index} (0 = enterprise). */
    public String segment(int index) {
        return segments[index];
    }

    /** A copy of the segments. */
    public String[] segments() {
        return segments.clone();
    }

    /** Shared segment array for matching in this package; never modified. */
    String[] segmentsUnsafe() {
        return segments;
    }

    /** The last segment: the point's name. */
    public String name() {
        return segments[segments.length - 1];
    }

    /** This path with one more segment. */
    public TagPath child(String segment) {
        return of(path + "/" + segment);
    }

    /** The parent path, or null when the parent would be shorter than {@value #MIN_SEGMENTS} segments. */
    public TagPath parent() {
        if (segments.length <= MIN_SEGMENTS) {
            return null;
        }
        return new TagPath(path.substring(0, path.lastIndexOf('/')), Arrays.copyOf(segments, segments.length - 1));
    }

    /** True when {@code prefix} is this path or one of its ancestors. */
    public boolean startsWith(TagPath prefix) {
        if (prefix.segments.length > segments.length) {
            return false;
        }
        for (int i = 0; i < prefix.segments.length; i++) {
            if (!segments[i].equals(prefix.segments[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof TagPath && hash == ((TagPath) o).hash && path.equals(((TagPath) o).path);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(TagPath other) {
        return path.compareTo(other.path);
    }

    /** The path text, e.g. {@code acme/woodlands/packaging/line1/filler/temperature}. */
    @Override
    public String toString() {
        return path;
    }
}
