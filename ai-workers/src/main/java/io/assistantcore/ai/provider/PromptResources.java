package io.assistantcore.ai.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A family of versioned prompt resources on the classpath under one root: {@code <root>index.txt} lists the versions
 * (one a line, {@code #} comments), each version's files sit under {@code <root><version>/}. Reads texts (line ends
 * made {@code \n}, trailing white space dropped) and properties (UTF-8), and fills {@code {{name}}} placeholders in
 * one pass, so inserted text that itself contains {@code {{...}}} stays verbatim. Used by {@link PromptTemplates}
 * and the chat prompts; thread-safe.
 */
public final class PromptResources {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private final ClassLoader classLoader;
    private final String root;
    private final String kind;
    private final List<String> versions;

    /**
     * @param root the resource folder, ending in {@code /}
     * @param kind what the prompts are called in error messages, in lower case (e.g. {@code "chat prompt"})
     */
    public PromptResources(ClassLoader classLoader, String root, String kind) {
        this.classLoader = classLoader;
        this.root = root;
        this.kind = kind;
        this.versions = text("index.txt").lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    /** The versions {@code index.txt} lists, in its order. */
    public List<String> versions() {
        return versions;
    }

    /**
     * {@code version} itself.
     *
     * @throws IllegalArgumentException for a version {@code index.txt} does not list
     */
    public String requireKnown(String version) {
        if (!versions.contains(version)) {
            throw new IllegalArgumentException("Unknown " + kind + " version '" + version + "'; known versions: "
                    + String.join(", ", versions));
        }
        return version;
    }

    /** The text of {@code <root><resource>}, with {@code \n} line ends and no trailing white space. */
    public String text(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").stripTrailing();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + root + resource, e);
        }
    }

    /** The properties of {@code <root><resource>}, read as UTF-8. */
    public Properties properties(String resource) {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(open(resource), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + root + resource, e);
        }
        return properties;
    }

    /**
     * {@code template} with each {@code {{name}}} replaced by {@code values.apply(name)}.
     *
     * @throws IllegalStateException for a placeholder {@code values} has no value for (null)
     */
    public String substitute(String template, Function<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (matcher.find()) {
            String value = values.apply(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException(Character.toUpperCase(kind.charAt(0)) + kind.substring(1)
                        + " template uses unknown placeholder " + matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private InputStream open(String resource) {
        InputStream in = classLoader.getResourceAsStream(root + resource);
        if (in == null) {
            throw new IllegalStateException("Prompt resource " + root + resource + " is missing from the classpath");
        }
        return in;
    }
}
