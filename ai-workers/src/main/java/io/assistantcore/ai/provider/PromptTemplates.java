package io.assistantcore.ai.provider;

import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.Tone;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
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

    private final PromptResources resources;
    private final Map<String, VersionTemplates> loaded = new ConcurrentHashMap<>();

    public PromptTemplates() {
        this(PromptTemplates.class.getClassLoader());
    }

    PromptTemplates(ClassLoader classLoader) {
        this.resources = new PromptResources(classLoader, ROOT, "prompt");
    }

    /** The versions that can be rendered, e.g. {@code [v1]}. */
    public List<String> knownVersions() {
        return resources.versions();
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
        String version = resources.requireKnown(
                request.promptVersion() == null ? CURRENT_VERSION : request.promptVersion());
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
        String user = resources.substitute(templates.user(request.action()), values::get);
        return new RenderedPrompt(templates.system(), user, version);
    }

    private String renderContext(VersionTemplates templates, List<ContextItem> items) {
        List<ContextItem> usable = items.stream()
                .filter(item -> item != null && item.text() != null && !item.text().isBlank())
                .toList();
        if (usable.isEmpty()) {
            return "";
        }
        String rendered = usable.stream()
                .map(item -> resources.substitute(templates.contextItem(), name -> switch (name) {
                    case "label" -> oneLine(item.label() == null || item.label().isBlank()
                            ? (item.kind() == null ? "Context" : item.kind()) : item.label());
                    case "kind" -> oneLine(item.kind() == null || item.kind().isBlank() ? "context" : item.kind());
                    case "text" -> item.text().strip();
                    default -> null;
                }))
                .collect(Collectors.joining("\n\n"));
        return "\n" + resources.substitute(templates.context(), name -> "items".equals(name) ? rendered : null) + "\n";
    }

    private static String oneLine(String value) {
        return value.replaceAll("\\s+", " ").strip();
    }

    private VersionTemplates load(String version) {
        String dir = version + "/";
        Map<AiAction, String> user = new EnumMap<>(AiAction.class);
        for (AiAction action : AiAction.values()) {
            user.put(action, resources.text(dir + action.name().toLowerCase(Locale.ROOT) + ".txt"));
        }
        Properties tones = resources.properties(dir + "tones.properties");
        for (Tone tone : Tone.values()) {
            if (tones.getProperty(tone.name() + ".name") == null || tones.getProperty(tone.name() + ".guidance") == null) {
                throw new IllegalStateException(ROOT + dir + "tones.properties lacks the wording for " + tone);
            }
        }
        return new VersionTemplates(resources.text(dir + "system.txt"), user, tones,
                resources.text(dir + "context.txt"), resources.text(dir + "context-item.txt"));
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
