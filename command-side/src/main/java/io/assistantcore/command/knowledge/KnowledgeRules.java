package io.assistantcore.command.knowledge;

import java.util.Set;
import java.util.regex.Pattern;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;

/** Value rules of KnowledgeDocument commands; each failure names the field and what would be accepted. */
final class KnowledgeRules {

    static final int MAX_NAME = 255;
    static final int MAX_REASON = 1_000;
    static final int MAX_PAGES = 100_000;
    static final int MAX_CHUNKS = 1_000_000;
    static final Set<String> MEDIA_TYPES = Set.of("text/plain", "text/markdown", "text/html", "application/pdf");

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final Pattern USER_ID = Pattern.compile("[^\\s\\p{Cc}]{1,255}");
    static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private KnowledgeRules() {
    }

    static void checkId(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw invalid(field, field + " must be 1-128 letters, digits, '.', '_', ':' or '-', starting with a "
                    + "letter or digit");
        }
    }

    static void checkUserId(String userId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw invalid("userId", "userId must be 1-255 characters without white space");
        }
    }

    /**
     * Why a file name may not be kept as it is (a path, a parent reference, control characters, too long), or null
     * when it is a plain name.
     */
    static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "the file has no name";
        }
        if (name.length() > MAX_NAME) {
            return "the file name is longer than " + MAX_NAME + " characters";
        }
        if (CONTROL.matcher(name).find()) {
            return "the file name contains control characters";
        }
        if (name.contains("/") || name.contains("\\") || name.contains("..") || name.contains(":")) {
            return "the file name contains a path ('/', '\\', '..' or ':'), which is not allowed";
        }
        return null;
    }

    /** The name as display text: its last path segment, without control characters, bounded. */
    static String displayName(String name) {
        if (name == null) {
            return "unnamed";
        }
        String cleaned = CONTROL.matcher(name).replaceAll("");
        int slash = Math.max(cleaned.lastIndexOf('/'), cleaned.lastIndexOf('\\'));
        cleaned = cleaned.substring(slash + 1).replace("..", "").strip();
        if (cleaned.isEmpty()) {
            cleaned = "unnamed";
        }
        return cleaned.length() > MAX_NAME ? cleaned.substring(0, MAX_NAME) : cleaned;
    }

    static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw invalid("reason", "a failure needs a reason");
        }
        String cleaned = CONTROL.matcher(reason).replaceAll(" ").strip();
        return cleaned.length() > MAX_REASON ? cleaned.substring(0, MAX_REASON) : cleaned;
    }
}
