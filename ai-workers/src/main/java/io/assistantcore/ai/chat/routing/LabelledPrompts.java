package io.assistantcore.ai.chat.routing;

import io.assistantcore.ai.chat.LabelledLines;
import io.assistantcore.messages.chat.RouteCategory;

import java.io.IOException;
import java.io.InputStream;
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

    private static final String SEPARATOR = "\t";
    private static final String EXPECTED = "expected category<TAB>prompt";

    private LabelledPrompts() {
    }

    /** The prompts of a classpath resource; fails loudly for a missing resource or a malformed line. */
    static List<LabelledPrompt> fromResource(String resource) {
        return labelled(LabelledLines.fromResource(resource, SEPARATOR, EXPECTED), resource);
    }

    static List<LabelledPrompt> read(InputStream in, String name) throws IOException {
        return labelled(LabelledLines.read(in, name, SEPARATOR, EXPECTED), name);
    }

    private static List<LabelledPrompt> labelled(List<LabelledLines.Line> lines, String name) {
        List<LabelledPrompt> prompts = new ArrayList<>();
        for (LabelledLines.Line line : lines) {
            RouteCategory category;
            try {
                category = RouteCategory.fromWire(line.label());
            } catch (IllegalArgumentException e) {
                IllegalStateException unknown = LabelledLines.malformed(name, line.number(), "unknown category");
                unknown.initCause(e);
                throw unknown;
            }
            prompts.add(new LabelledPrompt(category, line.text()));
        }
        return List.copyOf(prompts);
    }
}
