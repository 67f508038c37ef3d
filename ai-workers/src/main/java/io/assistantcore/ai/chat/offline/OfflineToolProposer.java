package io.assistantcore.ai.chat.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.assistantcore.messages.tool.ToolDefinition;
import io.assistantcore.messages.tool.ToolSchemas;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the offline engine proposes a tool call without a model. A message must match one tool clearly: the cosine
 * similarity of its embedding (all-MiniLM-L6-v2, in the jar) to the tool's name and description is at least
 * {@code threshold} and ahead of the next tool's by {@code margin}. Then every required argument must be readable from
 * the message by its schema type: an {@code enum} value named in the message, an e-mail address
 * ({@code format: email}), a date ({@code format: date}: ISO {@code 2026-03-05} or {@code 5 March 2026}), a number
 * (next to a word of the argument's name, or the only number for the only numeric argument), or a quoted string
 * ({@code "…"}, {@code '…'}, {@code “…”}) — after the argument's name, or in order when the quotes and the text
 * arguments are as many. A value that breaks the schema (a bound, a length) is not taken. When something required is
 * missing the engine asks for it instead; nothing is ever guessed. A message that opens like a question about
 * something ("What is …", "How do …", "Explain …") asks to know, not to act, and proposes nothing.
 */
public class OfflineToolProposer {

    /** Tuned on the tuning part of {@code chat/offline-tool-eval.tsv} (OfflineToolProposerEvaluationTest). */
    public static final double DEFAULT_THRESHOLD = 0.45;
    public static final double DEFAULT_MARGIN = 0.04;

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]{1,500})\"|“([^”]{1,500})”|'([^']{1,500})'");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,24}");
    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4}-\\d{2}-\\d{2})\\b");
    private static final Pattern WORD_DATE = Pattern.compile(
            "\\b(\\d{1,2} [A-Z][a-z]+ \\d{4}|[A-Z][a-z]+ \\d{1,2},? \\d{4})\\b");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.-])-?\\d+(?:\\.\\d+)?(?![\\w-])");
    private static final Pattern WORD = Pattern.compile("[a-z0-9]+");
    /** A message that opens like a question about something ("What is an invoice?") asks to know, not to act. */
    private static final Pattern ASKS_TO_KNOW = Pattern.compile("^(what|what's|whats|why|how|who|whom|whose|when|"
            + "where|which|is|are|does|do|did)\\b|^((can|could|would|will) you (please )?)?(explain|describe|define|"
            + "tell me about|tell me what)\\b", Pattern.CASE_INSENSITIVE);
    private static final List<DateTimeFormatter> WORD_DATES = List.of(
            DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("MMMM d uuuu", Locale.ENGLISH));

    private final Supplier<EmbeddingModel> embeddings;
    private final double threshold;
    private final double margin;
    private final Map<String, float[]> toolVectors = new ConcurrentHashMap<>();

    public OfflineToolProposer(Supplier<EmbeddingModel> embeddings, double threshold, double margin) {
        this.embeddings = embeddings;
        this.threshold = threshold;
        this.margin = margin;
    }

    /** What the engine does with a message. */
    public sealed interface Decision permits Propose, AskFor, NoTool {
    }

    /** Call {@code tool} with {@code arguments} (a JSON object valid against its schema). */
    public record Propose(ToolDefinition tool, String arguments, double similarity) implements Decision {
    }

    /** The message asks for {@code tool} but lacks {@code missing} (each with what it must be); ask for them. */
    public record AskFor(ToolDefinition tool, List<String> missing, String question, double similarity)
            implements Decision {
    }

    /** No tool matches clearly: answer as usual. */
    public record NoTool(double bestSimilarity) implements Decision {
    }

    public Decision decide(String message, List<ToolDefinition> tools) {
        if (message == null || message.isBlank() || tools.isEmpty()
                || ASKS_TO_KNOW.matcher(message.strip()).find()) {
            return new NoTool(0);
        }
        float[] asked = embed(withoutQuotes(message));
        ToolDefinition best = null;
        double bestScore = -1;
        double second = -1;
        for (ToolDefinition tool : tools) {
            double score = cosine(asked, toolVectors.computeIfAbsent(toolText(tool), this::embed));
            if (score > bestScore) {
                second = bestScore;
                bestScore = score;
                best = tool;
            } else if (score > second) {
                second = score;
            }
        }
        if (best == null || bestScore < threshold || bestScore - second < margin) {
            return new NoTool(Math.max(bestScore, 0));
        }
        return fill(best, message, bestScore);
    }

    /** Reads the tool's arguments from the message: a proposal, or a question for what is missing. */
    Decision fill(ToolDefinition tool, String message, double similarity) {
        JsonNode schema = ToolSchemas.parse(tool.parameters());
        JsonNode properties = schema.path("properties");
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        List<Span> used = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();

        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        // typed arguments first (their values are unambiguous), free text last
        List<String> textual = new ArrayList<>();
        for (String name : names) {
            JsonNode property = properties.get(name);
            boolean isRequired = required.contains(name);
            String type = property.path("type").asText();
            Optional<JsonNode> value = switch (type) {
                case "string" -> property.has("enum") ? enumValue(property, message)
                        : "email".equals(property.path("format").asText()) ? email(message, used)
                        : "date".equals(property.path("format").asText()) ? date(message, used)
                        : Optional.empty();
                case "integer", "number" -> number(name, property, message, used, names, properties);
                default -> Optional.empty();
            };
            if (value.isPresent() && valid(name, property, value.get())) {
                arguments.set(name, value.get());
            } else if ("string".equals(type) && !property.has("enum") && !property.has("format")) {
                textual.add(name);
            } else if (isRequired) {
                missing.put(name, describe(name, property));
            }
        }
        fillQuoted(message, textual, properties, arguments, used);
        for (String name : textual) {
            if (!arguments.has(name) && required.contains(name)) {
                missing.put(name, describe(name, properties.get(name)));
            }
        }
        if (missing.isEmpty() && ToolSchemas.argumentProblems(tool.parameters(), ToolSchemas.write(arguments))
                .isEmpty()) {
            return new Propose(tool, ToolSchemas.write(arguments), similarity);
        }
        if (missing.isEmpty()) {
            // read values that the schema still refuses as a whole: ask for every required argument
            required.forEach(name -> missing.put(name, describe(name, properties.get(name))));
        }
        return new AskFor(tool, List.copyOf(missing.keySet()), question(tool, missing), similarity);
    }

    private static String question(ToolDefinition tool, Map<String, String> missing) {
        StringBuilder text = new StringBuilder("To ").append(humanName(tool.name())).append(" I need ");
        Iterator<Map.Entry<String, String>> entries = missing.entrySet().iterator();
        int index = 0;
        while (entries.hasNext()) {
            Map.Entry<String, String> entry = entries.next();
            if (index > 0) {
                text.append(entries.hasNext() ? "; " : "; and ");
            }
            text.append(entry.getValue());
            index++;
        }
        return text.append(". Please send them in one message (put names and other text in quotes).").toString();
    }

    /** What an argument must be, for the question. */
    static String describe(String name, JsonNode property) {
        StringBuilder text = new StringBuilder("the ").append(humanName(name));
        if (property.has("description") && !property.path("description").asText().isBlank()) {
            text.append(" (").append(property.path("description").asText()).append(')');
        }
        if (property.has("enum")) {
            List<String> values = new ArrayList<>();
            property.path("enum").forEach(value -> values.add(value.asText()));
            text.append(": one of ").append(String.join(", ", values));
        } else if ("email".equals(property.path("format").asText())) {
            text.append(": an e-mail address");
        } else if ("date".equals(property.path("format").asText())) {
            text.append(": a date such as 2026-03-05");
        } else if ("integer".equals(property.path("type").asText()) || "number".equals(property.path("type").asText())) {
            text.append(": a number");
            if (property.has("minimum") && property.has("maximum")) {
                text.append(" from ").append(property.path("minimum").asText()).append(" to ")
                        .append(property.path("maximum").asText());
            }
        } else if ("string".equals(property.path("type").asText())) {
            text.append(" in quotes");
        }
        return text.toString();
    }

    private static Optional<JsonNode> enumValue(JsonNode property, String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        JsonNode found = null;
        for (JsonNode value : property.path("enum")) {
            Pattern word = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(value.asText().toLowerCase(Locale.ROOT))
                    + "(?![\\p{L}\\p{N}])");
            if (word.matcher(lower).find()) {
                if (found != null) {
                    return Optional.empty();
                }
                found = value;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Optional<JsonNode> email(String message, List<Span> used) {
        return single(EMAIL.matcher(message), 0, used).map(JsonNodeFactory.instance::textNode);
    }

    private static Optional<JsonNode> date(String message, List<Span> used) {
        Optional<JsonNode> iso = single(ISO_DATE.matcher(message), 1, used).flatMap(text -> {
            try {
                return Optional.of(JsonNodeFactory.instance.textNode(LocalDate.parse(text).toString()));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
        if (iso.isPresent()) {
            return iso;
        }
        return single(WORD_DATE.matcher(message), 1, used).flatMap(text -> {
            for (DateTimeFormatter format : WORD_DATES) {
                try {
                    return Optional.of(JsonNodeFactory.instance.textNode(LocalDate.parse(text, format).toString()));
                } catch (DateTimeParseException e) {
                    // try the next form
                }
            }
            return Optional.empty();
        });
    }

    /**
     * A number for the argument: one right after or before a word of its name (within two words), else the only
     * free number when this is the only numeric argument.
     */
    private static Optional<JsonNode> number(String name, JsonNode property, String message, List<Span> used,
                                             List<String> names, JsonNode properties) {
        List<Span> numbers = new ArrayList<>();
        Matcher matcher = NUMBER.matcher(message);
        while (matcher.find()) {
            Span span = new Span(matcher.start(), matcher.end());
            if (used.stream().noneMatch(span::overlaps) && !insideQuotes(message, span)) {
                numbers.add(span);
            }
        }
        List<String> nameWords = words(humanName(name));
        Span near = null;
        for (Span span : numbers) {
            List<String> before = words(message.substring(Math.max(0, span.start() - 40), span.start()));
            List<String> after = words(message.substring(span.end(), Math.min(message.length(), span.end() + 40)));
            List<String> around = new ArrayList<>(before.subList(Math.max(0, before.size() - 2), before.size()));
            around.addAll(after.subList(0, Math.min(2, after.size())));
            if (around.stream().anyMatch(word -> nameWords.stream().anyMatch(n -> sameWord(n, word)))) {
                if (near != null) {
                    return Optional.empty();
                }
                near = span;
            }
        }
        long numeric = names.stream().map(properties::get).map(p -> p.path("type").asText())
                .filter(type -> type.equals("integer") || type.equals("number")).count();
        Span chosen = near != null ? near : numeric == 1 && numbers.size() == 1 ? numbers.get(0) : null;
        if (chosen == null) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal(message.substring(chosen.start(), chosen.end()));
        if ("integer".equals(property.path("type").asText())) {
            if (value.stripTrailingZeros().scale() > 0) {
                return Optional.empty();
            }
            used.add(chosen);
            return Optional.of(JsonNodeFactory.instance.numberNode(value.longValueExact()));
        }
        used.add(chosen);
        return Optional.of(JsonNodeFactory.instance.numberNode(value));
    }

    /**
     * The message as matched against the tools: quoted text is left out, since it is a value (a title, a reminder's
     * text, a name) and not what is asked for; a long title about printers would otherwise pull the request away from
     * "create a ticket", and a pasted sentence about a meeting room towards booking one. A message that is nothing but
     * quotes is matched as it is.
     */
    static String withoutQuotes(String message) {
        StringBuilder kept = new StringBuilder();
        int from = 0;
        for (Quote quote : quotes(message)) {
            kept.append(message, from, quote.start()).append(' ');
            from = quote.end();
        }
        kept.append(message.substring(from));
        String text = kept.toString().replaceAll("[ \\t]{2,}", " ").strip();
        return text.isEmpty() ? message : text;
    }

    /** The message's quoted strings ({@code "…"}, {@code “…”}, {@code '…'}), their text stripped, in order. */
    private static List<Quote> quotes(String message) {
        List<Quote> quotes = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(message);
        while (matcher.find()) {
            String text = matcher.group(1) != null ? matcher.group(1) : matcher.group(2) != null ? matcher.group(2)
                    : matcher.group(3);
            // an apostrophe pair inside words ("it's … don't") is not a quote
            if (matcher.group(3) != null && (startsInsideWord(message, matcher.start())
                    || endsInsideWord(message, matcher.end()))) {
                continue;
            }
            quotes.add(new Quote(text.strip(), matcher.start(), matcher.end()));
        }
        return quotes;
    }

    /**
     * Quoted strings to the text arguments: one right after a word of an argument's name goes to it; the others, in
     * order, to the remaining text arguments when they are exactly as many.
     */
    private static void fillQuoted(String message, List<String> textual, JsonNode properties, ObjectNode arguments,
                                   List<Span> used) {
        if (textual.isEmpty()) {
            return;
        }
        List<Quote> quotes = quotes(message).stream().filter(quote -> !quote.text().isEmpty()).toList();
        List<String> open = new ArrayList<>(textual);
        List<Quote> free = new ArrayList<>(quotes);
        for (Quote quote : quotes) {
            List<String> before = words(message.substring(Math.max(0, quote.start() - 40), quote.start()));
            List<String> last = before.subList(Math.max(0, before.size() - 2), before.size());
            String owner = null;
            for (String name : open) {
                List<String> nameWords = words(humanName(name));
                if (last.stream().anyMatch(word -> nameWords.stream().anyMatch(n -> sameWord(n, word)))) {
                    owner = owner == null ? name : "";
                }
            }
            if (owner != null && !owner.isEmpty() && valid(owner, properties.get(owner),
                    JsonNodeFactory.instance.textNode(quote.text()))) {
                arguments.put(owner, quote.text());
                open.remove(owner);
                free.remove(quote);
                used.add(new Span(quote.start(), quote.end()));
            }
        }
        List<String> requiredOpen = open;
        if (free.size() == requiredOpen.size()) {
            for (int i = 0; i < free.size(); i++) {
                if (valid(requiredOpen.get(i), properties.get(requiredOpen.get(i)),
                        JsonNodeFactory.instance.textNode(free.get(i).text()))) {
                    arguments.put(requiredOpen.get(i), free.get(i).text());
                }
            }
        }
    }

    private static boolean valid(String name, JsonNode property, JsonNode value) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        schema.putObject("properties").set(name, property);
        ObjectNode single = JsonNodeFactory.instance.objectNode();
        single.set(name, value);
        return ToolSchemas.argumentProblems(ToolSchemas.write(schema), ToolSchemas.write(single)).isEmpty();
    }

    private static Optional<String> single(Matcher matcher, int group, List<Span> used) {
        String found = null;
        Span where = null;
        while (matcher.find()) {
            Span span = new Span(matcher.start(), matcher.end());
            if (used.stream().anyMatch(span::overlaps)) {
                continue;
            }
            if (found != null && !found.equals(matcher.group(group))) {
                return Optional.empty();
            }
            found = matcher.group(group);
            where = span;
        }
        if (where != null) {
            used.add(where);
        }
        return Optional.ofNullable(found);
    }

    private static boolean insideQuotes(String message, Span span) {
        Matcher matcher = QUOTED.matcher(message);
        while (matcher.find()) {
            if (matcher.start() < span.start() && span.end() < matcher.end()) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsInsideWord(String message, int start) {
        return start > 0 && Character.isLetterOrDigit(message.charAt(start - 1));
    }

    private static boolean endsInsideWord(String message, int end) {
        return end < message.length() && Character.isLetterOrDigit(message.charAt(end));
    }

    /** A word and its plural or a longer form of it count as the same ("seat" / "seats", "qty" no). */
    private static boolean sameWord(String nameWord, String word) {
        return nameWord.length() >= 3 && (word.equals(nameWord) || word.equals(nameWord + "s")
                || nameWord.equals(word + "s") || word.equals(nameWord + "es"));
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    /** {@code create_track} → "create track", {@code dueDate} → "due date". */
    static String humanName(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ')
                .toLowerCase(Locale.ROOT).strip();
    }

    static String toolText(ToolDefinition tool) {
        return humanName(tool.name()) + ": " + (tool.description() == null ? "" : tool.description());
    }

    private float[] embed(String text) {
        return embeddings.get().embed(TextSegment.from(text)).content().vector();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private record Span(int start, int end) {
        boolean overlaps(Span other) {
            return start < other.end && other.start < end;
        }
    }

    private record Quote(String text, int start, int end) {
    }
}
