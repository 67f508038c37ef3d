package io.assistantcore.ai.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the labelled text files the chat features ship in the jar (router examples, attack patterns, classifier
 * training lines): one {@code label<separator>text} per line, both sides stripped; blank lines and lines starting
 * with {@code #} are skipped. A line without the separator fails loudly, naming the file and the line.
 */
public final class LabelledLines {

    /** One line: its number in the file (from 1), its label and its text. */
    public record Line(int number, String label, String text) {
    }

    private LabelledLines() {
    }

    /**
     * @param expected what a line should look like, for the error message ({@code category<TAB>prompt})
     */
    public static List<Line> fromResource(String resource, String separator, String expected) {
        try (InputStream in = LabelledLines.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return read(in, resource, separator, expected);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    public static List<Line> read(InputStream in, String name, String separator, String expected)
            throws IOException {
        List<Line> lines = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int at = trimmed.indexOf(separator);
            if (at < 0) {
                throw malformed(name, number, expected);
            }
            lines.add(new Line(number, trimmed.substring(0, at).strip(),
                    trimmed.substring(at + separator.length()).strip()));
        }
        return List.copyOf(lines);
    }

    /** The error for a line of {@code name} that is not what it should be. */
    public static IllegalStateException malformed(String name, int number, String problem) {
        return new IllegalStateException(name + " line " + number + ": " + problem);
    }
}
