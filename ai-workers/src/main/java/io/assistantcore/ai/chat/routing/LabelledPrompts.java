package io.assistantcore.ai.chat.routing;

import io.assistantcore.messages.chat.RouteCategory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads labelled prompts from a tab-separated resource: one {@code category<TAB>prompt} per line, the category by
 * its wire name ({@code long_context}); blank lines and lines starting with {@code #} are skipped.
 */
final class LabelledPrompts {

    /** One labelled prompt. */
    record LabelledPrompt(RouteCategory category, String text) {
        LabelledPrompt {
            Objects.requireNonNull(category, "category");
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("a labelled prompt needs text");
            }
        }
    }

    private LabelledPrompts() {
    }

    /** The prompts of a classpath resource; fails loudly for a missing resource or a malformed line. */
    static List<LabelledPrompt> fromResource(String resource) {
        try (InputStream in = LabelledPrompts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    static List<LabelledPrompt> read(InputStream in, String name) throws IOException {
        List<LabelledPrompt> prompts = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalStateException(name + " line " + number + ": expected category<TAB>prompt");
            }
            RouteCategory category;
            try {
                category = RouteCategory.fromWire(line.substring(0, tab));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(name + " line " + number + ": unknown category", e);
            }
            prompts.add(new LabelledPrompt(category, line.substring(tab + 1).strip()));
        }
        return List.copyOf(prompts);
    }
}
