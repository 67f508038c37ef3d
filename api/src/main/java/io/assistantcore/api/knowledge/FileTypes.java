package io.assistantcore.api.knowledge;

import org.apache.tika.Tika;

import java.util.Locale;
import java.util.Optional;

/**
 * The type of an uploaded file, told from its bytes (Apache Tika's detector, which reads magic numbers and tells
 * text from binary) and never from its name: a ZIP archive named {@code .pdf} is a ZIP archive. The name only says
 * which kind of text a text file is (Markdown for {@code .md}/{@code .markdown}), since Markdown has no signature.
 */
final class FileTypes {

    static final String PDF = "application/pdf";
    static final String HTML = "text/html";
    static final String TEXT = "text/plain";
    static final String MARKDOWN = "text/markdown";

    private static final Tika TIKA = new Tika();

    private FileTypes() {
    }

    /** The accepted type of these bytes, or empty (415). An empty file counts as text (and fails as empty). */
    static Optional<String> detect(byte[] bytes, String fileName) {
        if (bytes.length == 0) {
            return Optional.of(TEXT);
        }
        String detected = TIKA.detect(bytes);
        String type = detected == null ? "" : detected.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon).strip();
        }
        return switch (type) {
            case PDF -> Optional.of(PDF);
            case HTML, "application/xhtml+xml" -> Optional.of(HTML);
            case TEXT, MARKDOWN, "text/x-web-markdown" -> Optional.of(markdownName(fileName) ? MARKDOWN : TEXT);
            default -> Optional.empty();
        };
    }

    /** What Tika saw, for the 415 message (a media type name, nothing from the file). */
    static String describe(byte[] bytes) {
        String detected = TIKA.detect(bytes);
        return detected == null ? "unknown" : detected;
    }

    private static boolean markdownName(String fileName) {
        if (fileName == null) {
            return false;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".md") || lower.endsWith(".markdown");
    }
}
