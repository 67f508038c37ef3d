package io.assistantcore.ai.chat.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    private static final List<String> MEMORY_KEYS = List.of("heading", "profile.heading", "profile.item",
            "summary.heading", "truncated", "fact.name", "fact.preferred_name", "fact.role", "fact.company",
            "fact.language", "fact.preference", "tool.call", "tool.result", "empty.reply");

    private final ClassLoader classLoader;
    private final List<String> knownVersions;
    private final Map<String, Version> loaded = new ConcurrentHashMap<>();

    public ChatPromptTemplates() {
        this(ChatPromptTemplates.class.getClassLoader());
    }

    ChatPromptTemplates(ClassLoader classLoader) {
        this.classLoader = classLoader;
        this.knownVersions = read(ROOT + "index.txt").lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        if (!knownVersions.contains(CURRENT_VERSION)) {
            throw new IllegalStateException(ROOT + "index.txt does not list the current version " + CURRENT_VERSION);
        }
    }

    public List<String> knownVersions() {
        return knownVersions;
    }

    /**
     * The templates of {@code version} ({@link #CURRENT_VERSION} when null).
     *
     * @throws IllegalArgumentException for a version that is not listed
     */
    public Version version(String version) {
        String name = version == null || version.isBlank() ? CURRENT_VERSION : version.strip();
        if (!knownVersions.contains(name)) {
            throw new IllegalArgumentException("Unknown chat prompt version '" + name + "'; known versions: "
                    + String.join(", ", knownVersions));
        }
        return loaded.computeIfAbsent(name, this::load);
    }

    private Version load(String version) {
        String dir = ROOT + version + "/";
        Properties memory = new Properties();
        try (Reader reader = new InputStreamReader(open(dir + "memory.properties"), StandardCharsets.UTF_8)) {
            memory.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + dir + "memory.properties", e);
        }
        for (String key : MEMORY_KEYS) {
            if (memory.getProperty(key) == null) {
                throw new IllegalStateException(dir + "memory.properties lacks " + key);
            }
        }
        return new Version(version, read(dir + "system.txt"), memory, read(dir + "summarize.txt"),
                read(dir + "summarize-input.txt"));
    }

    static String substitute(String template, Function<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (matcher.find()) {
            String value = values.apply(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("Chat prompt template uses unknown placeholder " + matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String read(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").strip();
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

    /** The templates of one version. */
    public static final class Version {

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
            return substitute(template, values::get);
        }

        /** The label of a profile fact's key (the key itself for one without a label). */
        public String factLabel(String key) {
            String label = memory.getProperty("fact." + key);
            return label == null ? key : label.strip();
        }

        /** The instructions of a model-written summary. */
        public String summarizeInstructions(int maxWords) {
            return substitute(summarize, name -> "maxWords".equals(name) ? Integer.toString(maxWords) : null);
        }

        /** The input of a model-written summary. */
        public String summarizeInput(String previousSummary, String turns) {
            return substitute(summarizeInput, name -> switch (name) {
                case "summary" -> previousSummary;
                case "turns" -> turns;
                default -> null;
            });
        }
    }
}
