package io.assistantcore.command.chat;

import io.assistantcore.messages.chat.MemoryInput;

import io.assistantcore.messages.chat.MemoryInput.ProfileFact;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static io.assistantcore.messages.common.CommandRejectedException.invalid;

/** Value rules of conversation commands; each failure names the field and what would be accepted. */
final class ChatRules {

    /** A user message: long enough for a pasted document (the {@code long_context} route), bounded all the same. */
    static final int MAX_MESSAGE = 100_000;
    static final int MAX_TITLE = 200;
    static final int MAX_COMMENT = 2_000;
    static final int MAX_ATTACHMENTS = 10;
    static final int MAX_TOOLS = 20;
    /** What a worker reports: reasons and labels, a running summary, the profile, a reply's text. */
    static final int MAX_LABEL = 200;
    static final int MAX_REASON = 1_000;
    static final int MAX_SUMMARY = 50_000;
    static final int MAX_PROFILE_FACTS = 50;
    static final int MAX_PROFILE_VALUE = 500;
    static final int MAX_REPLY_TEXT = 1_000_000;
    /** Tool calls one round of a reply may ask for, and the part of a tool's result the conversation keeps. */
    static final int MAX_TOOL_CALLS = 10;
    static final int MAX_TOOL_RESULT = 16_000;

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final Pattern USER_ID = Pattern.compile("[^\\s\\p{Cc}]{1,255}");
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    /** Control characters other than line breaks and tabs, which free text may hold. */
    private static final Pattern CONTROL_IN_TEXT = Pattern.compile("[\\p{Cc}&&[^\\n\\r\\t]]");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    static final String KNOWLEDGE_TENANT = "tenant";
    static final String KNOWLEDGE_NONE = "none";

    private ChatRules() {
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

    /** A one-line title: no control characters at all. Null when none was given. */
    static String title(String title, boolean required) {
        if (title == null || title.isBlank()) {
            if (required) {
                throw invalid("title", "title must not be blank");
            }
            return null;
        }
        String stripped = title.strip();
        if (stripped.length() > MAX_TITLE) {
            throw invalid("title", "title may have at most " + MAX_TITLE + " characters, got " + stripped.length());
        }
        if (CONTROL.matcher(stripped).find()) {
            throw invalid("title", "title must not contain control characters");
        }
        return stripped;
    }

    /** {@code tenant} or {@code none}; {@code none} when not given. */
    static String knowledge(String knowledge) {
        if (knowledge == null) {
            return KNOWLEDGE_NONE;
        }
        if (!KNOWLEDGE_TENANT.equals(knowledge) && !KNOWLEDGE_NONE.equals(knowledge)) {
            throw invalid("knowledge", "knowledge must be 'tenant' (answer from the tenant's documents) or 'none'");
        }
        return knowledge;
    }

    static void checkTools(List<String> tools) {
        if (tools.size() > MAX_TOOLS) {
            throw invalid("tools", "at most " + MAX_TOOLS + " tools are accepted, got " + tools.size());
        }
        Set<String> seen = new HashSet<>();
        for (String tool : tools) {
            if (tool == null || !NAME.matcher(tool).matches()) {
                throw invalid("tools", "tool names are lower-case words of letters, digits, '_' and '-' (at most 64 "
                        + "characters)");
            }
            if (!seen.add(tool)) {
                throw invalid("tools", "tool '" + tool + "' is named twice");
            }
        }
    }

    /** The most turns a conversation may be seeded with. */
    static final int MAX_SEED_TURNS = 200;

    /**
     * A seed memory checked: turns numbered 1, 2, … with both texts, a bounded summary, no profile and nothing
     * condensed; null when there is nothing to seed.
     */
    static MemoryInput seed(MemoryInput seed) {
        if (seed == null || seed.turns().isEmpty() && seed.summary().isBlank()) {
            return null;
        }
        if (seed.turns().size() > MAX_SEED_TURNS) {
            throw invalid("seed", "at most " + MAX_SEED_TURNS + " earlier turns are accepted, got "
                    + seed.turns().size());
        }
        if (seed.turnsCondensed() != 0 || !seed.profile().isEmpty()) {
            throw invalid("seed", "a seed holds turns and instructions only");
        }
        checkOptionalText("seed.summary", seed.summary(), MAX_SUMMARY);
        for (int i = 0; i < seed.turns().size(); i++) {
            MemoryInput.Turn turn = seed.turns().get(i);
            if (turn.number() != i + 1 || !turn.toolCalls().isEmpty()) {
                throw invalid("seed", "seeded turns are numbered from 1 and carry no tool calls");
            }
            checkText("seed.userText", turn.userText(), MAX_MESSAGE);
            checkText("seed.replyText", turn.replyText(), MAX_MESSAGE);
        }
        return seed;
    }

    /** Free text a person typed: not blank, bounded, line breaks and tabs but no other control characters. */
    static void checkText(String field, String text, int max) {
        if (text == null || text.isBlank()) {
            throw invalid(field, field + " must not be blank");
        }
        checkOptionalText(field, text, max);
    }

    static void checkOptionalText(String field, String text, int max) {
        if (text == null) {
            return;
        }
        if (text.length() > max) {
            throw invalid(field, field + " has " + text.length() + " characters; at most " + max + " are accepted");
        }
        if (CONTROL_IN_TEXT.matcher(text).find()) {
            throw invalid(field, field + " must not contain control characters other than line breaks and tabs");
        }
    }

    static void checkAttachments(List<String> attachments) {
        if (attachments.size() > MAX_ATTACHMENTS) {
            throw invalid("attachments", "at most " + MAX_ATTACHMENTS + " attachments are accepted, got "
                    + attachments.size());
        }
        for (String attachment : attachments) {
            checkId("attachments", attachment);
        }
    }

    /** A label or reason a worker reports (bounded, one line); null is allowed. */
    static void checkLabel(String field, String value, int max) {
        if (value != null && (value.length() > max || CONTROL.matcher(value).find())) {
            throw invalid(field, field + " must be one line of at most " + max + " characters");
        }
    }

    static void checkScore(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw invalid(field, field + " must be between 0 and 1");
        }
    }

    static void checkProfile(List<ProfileFact> profile) {
        if (profile.size() > MAX_PROFILE_FACTS) {
            throw invalid("profile", "at most " + MAX_PROFILE_FACTS + " profile facts are kept, got " + profile.size());
        }
        for (ProfileFact fact : profile) {
            if (fact == null || fact.key() == null || !NAME.matcher(fact.key()).matches()) {
                throw invalid("profile", "profile keys are lower-case words ('name', 'role', 'company', "
                        + "'preference', ...)");
            }
            checkText("profile." + fact.key(), fact.value(), MAX_PROFILE_VALUE);
        }
    }

    static final int MAX_SOURCES = 20;
    static final int MAX_SNIPPET = 2_000;

    static void checkSources(java.util.List<io.assistantcore.messages.chat.GroundingSource> sources) {
        if (sources.size() > MAX_SOURCES) {
            throw invalid("sources", "at most " + MAX_SOURCES + " sources are recorded");
        }
        for (io.assistantcore.messages.chat.GroundingSource source : sources) {
            checkId("sourceId", source.sourceId());
            checkId("documentId", source.documentId());
            checkId("chunkId", source.chunkId());
            checkOptionalText("title", source.title(), MAX_LABEL + 55);
            checkOptionalText("snippet", source.snippet(), MAX_SNIPPET);
        }
    }

    static void checkCitations(java.util.List<io.assistantcore.messages.chat.Citation> citations) {
        if (citations.size() > MAX_SOURCES * 10) {
            throw invalid("citations", "too many citations");
        }
        for (io.assistantcore.messages.chat.Citation citation : citations) {
            checkId("sourceId", citation.sourceId());
            if (citation.marker() == null || citation.marker().length() > 10) {
                throw invalid("marker", "a citation marker is like [1]");
            }
        }
    }
}
