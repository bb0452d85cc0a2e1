package dev.openloop.server.provider.mock;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Makes a short string that a JSON Schema {@code pattern} matches, for the mock's tool-call
 * arguments. It reads the simple regular expressions tool schemas use: anchors, literals, the
 * escapes {@code \d \w \s} (and their capitals), {@code .}, character classes with ranges or
 * negation, groups, alternatives (the first is taken) and quantifiers (their least count). Each
 * result is checked against the pattern itself; anything beyond that reading (lookarounds,
 * back-references, ...) gives no example.
 *
 * <p>The schema is the caller's, so the work it can cause is bounded: a pattern too long, nested
 * too deep (the reader recurses once per group), whose example would be too long (nested counts
 * multiply), or whose check would backtrack without end gives no example either.
 */
final class PatternExample {
    /** What a character class is tried with, in order: the first it matches is taken. */
    private static final String CANDIDATES = buildCandidates();
    /** Far beyond the patterns tool schemas use, short enough to read at once. */
    static final int MAX_PATTERN_LENGTH = 1_000;
    /** Groups within groups; each is a level of the reader's recursion. */
    static final int MAX_GROUP_DEPTH = 32;
    /** The longest example made: an argument a client can still read. */
    static final int MAX_EXAMPLE_LENGTH = 1_000;
    /** Characters the check against the pattern may read, backtracking included: milliseconds of work. */
    private static final int MAX_CHECK_READS = 1_000_000;

    private final String pattern;
    private int at;
    private int groupDepth;

    private PatternExample(String pattern) {
        this.pattern = pattern;
    }

    /** A string {@code pattern} finds a match in (JSON Schema patterns are not anchored), if one can be made. */
    static Optional<String> of(String pattern) {
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            return Optional.empty();
        }
        try {
            PatternExample reader = new PatternExample(pattern);
            String example = reader.alternatives();
            if (reader.at != pattern.length() || !Pattern.compile(pattern).matcher(new BudgetedText(example)).find()) {
                return Optional.empty();
            }
            return Optional.of(example);
        } catch (Unsupported | PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    /** A construct this reader does not handle. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    /** {@code a|b|c}: an example of the first alternative; the others are read past. */
    private String alternatives() {
        String first = sequence();
        while (at < pattern.length() && pattern.charAt(at) == '|') {
            at++;
            sequence();
        }
        return first;
    }

    private String sequence() {
        StringBuilder out = new StringBuilder();
        while (at < pattern.length() && pattern.charAt(at) != '|' && pattern.charAt(at) != ')') {
            String atom = atom();
            int count = leastCount();
            if (out.length() + (long) atom.length() * count > MAX_EXAMPLE_LENGTH) {
                throw new Unsupported();
            }
            out.append(atom.repeat(count));
        }
        return out.toString();
    }

    private String atom() {
        char c = pattern.charAt(at++);
        return switch (c) {
            case '^', '$' -> "";
            case '.' -> "a";
            case '(' -> group();
            case '[' -> characterClass();
            case '\\' -> escape();
            case '*', '+', '?', '{', '}', ']' -> throw new Unsupported();
            default -> String.valueOf(c);
        };
    }

    private String group() {
        if (pattern.startsWith("?:", at)) {
            at += 2;
        } else if (at < pattern.length() && pattern.charAt(at) == '?') {
            throw new Unsupported(); // lookarounds and named groups
        }
        if (++groupDepth > MAX_GROUP_DEPTH) {
            throw new Unsupported();
        }
        String inside = alternatives();
        expect(')');
        groupDepth--;
        return inside;
    }

    /** A class such as {@code [A-Z0-9_]} or {@code [^,]}: the first candidate character it matches. */
    private String characterClass() {
        int start = at - 1;
        if (at < pattern.length() && pattern.charAt(at) == '^') {
            at++;
        }
        if (at < pattern.length() && pattern.charAt(at) == ']') {
            at++; // a ']' first in a class is a literal
        }
        while (at < pattern.length() && pattern.charAt(at) != ']') {
            at += pattern.charAt(at) == '\\' ? 2 : 1;
        }
        expect(']');
        Pattern characterClass = Pattern.compile(pattern.substring(start, at));
        for (int i = 0; i < CANDIDATES.length(); i++) {
            String candidate = String.valueOf(CANDIDATES.charAt(i));
            if (characterClass.matcher(candidate).matches()) {
                return candidate;
            }
        }
        throw new Unsupported();
    }

    private String escape() {
        if (at >= pattern.length()) {
            throw new Unsupported();
        }
        char c = pattern.charAt(at++);
        return switch (c) {
            case 'd' -> "0";
            case 'D', 'w', 'S' -> "a";
            case 'W' -> "-";
            case 's' -> " ";
            case 'b', 'B' -> "";
            case 'n' -> "\n";
            case 't' -> "\t";
            case 'r' -> "\r";
            default -> {
                if (Character.isLetterOrDigit(c)) {
                    throw new Unsupported(); // back-references, property classes, hex and unicode escapes: beyond this reader
                }
                yield String.valueOf(c);
            }
        };
    }

    /** The least count of the quantifier after an atom (1 when there is none); lazy and possessive marks are read past. */
    private int leastCount() {
        if (at >= pattern.length()) {
            return 1;
        }
        int count;
        switch (pattern.charAt(at)) {
            case '*', '?' -> {
                at++;
                count = 0;
            }
            case '+' -> {
                at++;
                count = 1;
            }
            case '{' -> {
                int close = pattern.indexOf('}', at);
                if (close < 0) {
                    throw new Unsupported();
                }
                String bounds = pattern.substring(at + 1, close);
                String least = bounds.contains(",") ? bounds.substring(0, bounds.indexOf(',')) : bounds;
                if (!least.matches("\\d{1,3}")) {
                    throw new Unsupported();
                }
                count = Integer.parseInt(least);
                at = close + 1;
            }
            default -> {
                return 1;
            }
        }
        if (at < pattern.length() && (pattern.charAt(at) == '?' || pattern.charAt(at) == '+')) {
            at++;
        }
        return count;
    }

    private void expect(char c) {
        if (at >= pattern.length() || pattern.charAt(at) != c) {
            throw new Unsupported();
        }
        at++;
    }

    /**
     * The example as the check reads it. A pattern can backtrack exponentially on a text it does
     * not match ({@code (?:a|a){40}\B-} on forty a's and a dash), and {@link Pattern} cannot be
     * stopped; it reads the text through {@link #charAt}, which stops it once it has read too much.
     */
    private static final class BudgetedText implements CharSequence {
        private final String text;
        private int reads;

        BudgetedText(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++reads > MAX_CHECK_READS) {
                throw new Unsupported();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static String buildCandidates() {
        StringBuilder candidates = new StringBuilder("a0A_- ");
        for (char c = '!'; c <= '~'; c++) {
            candidates.append(c);
        }
        return candidates.toString();
    }
}
