package io.assistantcore.ai.provider;

import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.Tone;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Versioned prompt templates, kept as classpath resources under {@code prompts/<version>/}: {@code system.txt}, one
 * user template per {@link AiAction} (file name = the action in lower case, e.g. {@code change_tone.txt}),
 * {@code tones.properties} with the wording per {@link Tone}, and {@code context.txt}/{@code context-item.txt} for
 * the labelled context block. {@code prompts/index.txt} lists the versions, one per line.
 * <p>
 * Placeholders are written {@code {{name}}} and are substituted in a single pass, so text that itself contains
 * {@code {{...}}} is inserted verbatim. Thread-safe; templates are loaded once per version.
 */
public final class PromptTemplates {

    public static final String CURRENT_VERSION = "v1";

    private static final String ROOT = "prompts/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private final ClassLoader classLoader;
    private final List<String> knownVersions;
    private final Map<String, VersionTemplates> loaded = new ConcurrentHashMap<>();

    public PromptTemplates() {
        this(PromptTemplates.class.getClassLoader());
    }

    PromptTemplates(ClassLoader classLoader) {
        this.classLoader = classLoader;
        this.knownVersions = read(ROOT + "index.txt").lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    /** The versions that can be rendered, e.g. {@code [v1]}. */
    public List<String> knownVersions() {
        return knownVersions;
    }

    /**
     * Renders the system and user message for a request with the templates of {@code request.promptVersion()}
     * ({@link #CURRENT_VERSION} when null).
     *
     * @throws IllegalArgumentException for an unknown version, a CHANGE_TONE without tone, a FREE_PROMPT without
     *                                  instruction, or a request without text
     */
    public RenderedPrompt render(GenerationRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.action() == null) {
            throw new IllegalArgumentException("The request names no action");
        }
        if (request.text() == null) {
            throw new IllegalArgumentException("The request carries no text");
        }
        String version = request.promptVersion() == null ? CURRENT_VERSION : request.promptVersion();
        if (!knownVersions.contains(version)) {
            throw new IllegalArgumentException(
                    "Unknown prompt version '" + version + "'; known versions: " + String.join(", ", knownVersions));
        }
        VersionTemplates templates = loaded.computeIfAbsent(version, this::load);

        Map<String, String> values = new HashMap<>();
        values.put("text", request.text());
        values.put("context", renderContext(templates, request.context()));
        if (request.action() == AiAction.CHANGE_TONE) {
            if (request.tone() == null) {
                throw new IllegalArgumentException("CHANGE_TONE needs a tone");
            }
            values.put("tone", templates.toneName(request.tone()));
            values.put("toneGuidance", templates.toneGuidance(request.tone()));
        }
        if (request.action() == AiAction.FREE_PROMPT) {
            if (request.instruction() == null || request.instruction().isBlank()) {
                throw new IllegalArgumentException("FREE_PROMPT needs an instruction");
            }
            values.put("instruction", request.instruction().strip());
        }
        String user = substitute(templates.user(request.action()), values::get);
        return new RenderedPrompt(templates.system(), user, version);
    }

    private static String renderContext(VersionTemplates templates, List<ContextItem> items) {
        List<ContextItem> usable = items.stream()
                .filter(item -> item != null && item.text() != null && !item.text().isBlank())
                .toList();
        if (usable.isEmpty()) {
            return "";
        }
        String rendered = usable.stream()
                .map(item -> substitute(templates.contextItem(), name -> switch (name) {
                    case "label" -> oneLine(item.label() == null || item.label().isBlank()
                            ? (item.kind() == null ? "Context" : item.kind()) : item.label());
                    case "kind" -> oneLine(item.kind() == null || item.kind().isBlank() ? "context" : item.kind());
                    case "text" -> item.text().strip();
                    default -> null;
                }))
                .collect(Collectors.joining("\n\n"));
        return "\n" + substitute(templates.context(), name -> "items".equals(name) ? rendered : null) + "\n";
    }

    private static String oneLine(String value) {
        return value.replaceAll("\\s+", " ").strip();
    }

    private static String substitute(String template, Function<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (matcher.find()) {
            String value = values.apply(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("Prompt template uses unknown placeholder " + matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private VersionTemplates load(String version) {
        String dir = ROOT + version + "/";
        Map<AiAction, String> user = new EnumMap<>(AiAction.class);
        for (AiAction action : AiAction.values()) {
            user.put(action, read(dir + action.name().toLowerCase(Locale.ROOT) + ".txt"));
        }
        Properties tones = new Properties();
        try (Reader reader = new InputStreamReader(open(dir + "tones.properties"), StandardCharsets.UTF_8)) {
            tones.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + dir + "tones.properties", e);
        }
        for (Tone tone : Tone.values()) {
            if (tones.getProperty(tone.name() + ".name") == null || tones.getProperty(tone.name() + ".guidance") == null) {
                throw new IllegalStateException(dir + "tones.properties lacks the wording for " + tone);
            }
        }
        return new VersionTemplates(read(dir + "system.txt"), user, tones, read(dir + "context.txt"),
                read(dir + "context-item.txt"));
    }

    private String read(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").stripTrailing();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + resource, e);
        }
    }

    private InputStream open(String resource) {
        InputStream in = classLoader.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Prompt resource " + resource + " is missing from the classpath");
        }
        return in;
    }

    private record VersionTemplates(String system, Map<AiAction, String> userByAction, Properties tones,
                                    String context, String contextItem) {

        String user(AiAction action) {
            return userByAction.get(action);
        }

        String toneName(Tone tone) {
            return tones.getProperty(tone.name() + ".name").strip();
        }

        String toneGuidance(Tone tone) {
            return tones.getProperty(tone.name() + ".guidance").strip();
        }
    }
}
