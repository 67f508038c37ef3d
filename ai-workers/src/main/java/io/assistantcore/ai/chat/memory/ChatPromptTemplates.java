package io.assistantcore.ai.chat.memory;

import io.assistantcore.ai.provider.PromptResources;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat prompts, versioned like the assist prompts ({@code io.assistantcore.ai.provider.PromptTemplates}):
 * classpath resources under {@code prompts/chat/<version>/} — {@code system.txt} (the system prompt),
 * {@code memory.properties} (the wording of the memory block and of tool records), {@code summarize.txt} and
 * {@code summarize-input.txt} (the instructions and input of a model-written summary). {@code prompts/chat/index.txt}
 * lists the versions. Placeholders are {@code {{name}}}, substituted in one pass, so inserted text that itself
 * contains {@code {{...}}} stays verbatim. Thread-safe; each version is loaded once.
 */
public final class ChatPromptTemplates {

    public static final String CURRENT_VERSION = "v1";

    private static final String ROOT = "prompts/chat/";
    private static final List<String> MEMORY_KEYS = List.of("heading", "profile.heading", "profile.item",
            "summary.heading", "truncated", "fact.name", "fact.preferred_name", "fact.role", "fact.company",
            "fact.language", "fact.preference", "tool.call", "tool.result", "empty.reply");

    private final PromptResources resources;
    private final Map<String, Version> loaded = new ConcurrentHashMap<>();

    public ChatPromptTemplates() {
        this(ChatPromptTemplates.class.getClassLoader());
    }

    ChatPromptTemplates(ClassLoader classLoader) {
        this.resources = new PromptResources(classLoader, ROOT, "chat prompt");
        if (!resources.versions().contains(CURRENT_VERSION)) {
            throw new IllegalStateException(ROOT + "index.txt does not list the current version " + CURRENT_VERSION);
        }
    }

    public List<String> knownVersions() {
        return resources.versions();
    }

    /**
     * The templates of {@code version} ({@link #CURRENT_VERSION} when null).
     *
     * @throws IllegalArgumentException for a version that is not listed
     */
    public Version version(String version) {
        String name = resources.requireKnown(version == null || version.isBlank() ? CURRENT_VERSION : version.strip());
        return loaded.computeIfAbsent(name, this::load);
    }

    private Version load(String version) {
        String dir = version + "/";
        Properties memory = resources.properties(dir + "memory.properties");
        for (String key : MEMORY_KEYS) {
            if (memory.getProperty(key) == null) {
                throw new IllegalStateException(ROOT + dir + "memory.properties lacks " + key);
            }
        }
        return new Version(version, read(dir + "system.txt"), memory, read(dir + "summarize.txt"),
                read(dir + "summarize-input.txt"));
    }

    /** The text of a resource under {@value #ROOT}, without leading or trailing white space. */
    private String read(String resource) {
        return resources.text(resource).strip();
    }

    /** The templates of one version. */
    public final class Version {

        private final String name;
        private final String system;
        private final Properties memory;
        private final String summarize;
        private final String summarizeInput;

        Version(String name, String system, Properties memory, String summarize, String summarizeInput) {
            this.name = name;
            this.system = system;
            this.memory = memory;
            this.summarize = summarize;
            this.summarizeInput = summarizeInput;
        }

        public String name() {
            return name;
        }

        /** The system prompt without the memory block. */
        public String system() {
            return system;
        }

        /** A wording of the memory block with its placeholders filled ({@code values} may be empty). */
        public String memory(String key, Map<String, String> values) {
            String template = Objects.requireNonNull(memory.getProperty(key), () -> "no wording for " + key).strip();
            return resources.substitute(template, values::get);
        }

        /** The label of a profile fact's key (the key itself for one without a label). */
        public String factLabel(String key) {
            String label = memory.getProperty("fact." + key);
            return label == null ? key : label.strip();
        }

        /** The instructions of a model-written summary. */
        public String summarizeInstructions(int maxWords) {
            return resources.substitute(summarize, name -> "maxWords".equals(name) ? Integer.toString(maxWords) : null);
        }

        /** The input of a model-written summary. */
        public String summarizeInput(String previousSummary, String turns) {
            return resources.substitute(summarizeInput, name -> switch (name) {
                case "summary" -> previousSummary;
                case "turns" -> turns;
                default -> null;
            });
        }
    }
}
