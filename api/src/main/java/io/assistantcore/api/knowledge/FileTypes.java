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

    /**
     * What an upload is: the accepted type it is handled as, and why it fails at once ({@code rejection}, null when
     * it does not).
     */
    record Detected(String type, String rejection) {
    }

    /**
     * The accepted type of these bytes, or empty (415). An empty file counts as text (and fails as empty). A file
     * that claims to be a PDF (its name ends in {@code .pdf}, or its part says {@code application/pdf}) but whose
     * content is something else (a ZIP archive, an unknown binary) is accepted as a PDF that fails at once with the
     * reason: the uploader meant a document we accept, so it gets a document that says what was wrong with it.
     */
    static Optional<Detected> detect(byte[] bytes, String fileName, String claimedType) {
        if (bytes.length == 0) {
            return Optional.of(new Detected(TEXT, null));
        }
        String type = detectedType(bytes);
        Optional<Detected> accepted = switch (type) {
            case PDF -> Optional.of(new Detected(PDF, null));
            case HTML, "application/xhtml+xml" -> Optional.of(new Detected(HTML, null));
            case TEXT, MARKDOWN, "text/x-web-markdown" ->
                    Optional.of(new Detected(markdownName(fileName) ? MARKDOWN : TEXT, null));
            default -> Optional.empty();
        };
        if (accepted.isEmpty() && claimsPdf(fileName, claimedType)) {
            return Optional.of(new Detected(PDF, "the file is named or sent as a PDF, but its content is "
                    + (type.isEmpty() ? "of an unknown type" : type) + ", not a PDF"));
        }
        return accepted;
    }

    private static String detectedType(byte[] bytes) {
        String detected = TIKA.detect(bytes);
        String type = detected == null ? "" : detected.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon).strip();
        }
        return type.matches("[a-z0-9.+-]{1,60}/[a-z0-9.+-]{1,100}") ? type : "";
    }

    private static boolean claimsPdf(String fileName, String claimedType) {
        boolean named = fileName != null && fileName.strip().toLowerCase(Locale.ROOT).endsWith(".pdf");
        boolean sent = claimedType != null && claimedType.toLowerCase(Locale.ROOT).startsWith(PDF);
        return named || sent;
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
