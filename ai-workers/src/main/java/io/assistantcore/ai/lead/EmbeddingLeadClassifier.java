package io.assistantcore.ai.lead;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.assistantcore.ai.chat.LabelledLines;
import io.assistantcore.ai.vector.UnitVectors;
import io.assistantcore.messages.lead.IntentDecider;
import io.assistantcore.messages.lead.LeadIntent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The offline intent classifier: a k-nearest-neighbours vote over labelled examples embedded with all-MiniLM-L6-v2
 * (no network, no download). The examples are the ones shipped in the jar ({@value #EXAMPLES_RESOURCE}) plus the
 * tenant's reviewed leads (a reviewer's correction becomes an example). The lead's text is embedded sentence by
 * sentence as well as whole, and the vote adds the neighbours of each; the confidence is the winner's share of the
 * votes. A reviewed example of the tenant at least {@value #REVIEWED_DECIDES} similar to the lead decides alone: the
 * tenant's reviewers have said what such a lead is. Reasons name counts and similarities, never the lead's text.
 */
public final class EmbeddingLeadClassifier {

    public static final String EXAMPLES_RESOURCE = "leads/intent-examples.tsv";
    static final int NEIGHBOURS = 7;
    /** A reviewed example this similar decides alone. */
    static final double REVIEWED_DECIDES = 0.80;
    /** Reviewed examples weigh this much more than shipped ones in the vote. */
    static final double REVIEWED_WEIGHT = 2.0;
    /** Below this best similarity the lead resembles no example: Other, confidence 0. */
    static final double MIN_SIMILARITY = 0.15;
    /** At most this many sentences of a lead are embedded on their own. */
    static final int MAX_SENTENCES = 8;

    private final Supplier<EmbeddingModel> model;
    private final List<ExampleText> shipped;
    private volatile List<LabelledLead> index;

    record ExampleText(LeadIntent intent, String text) {
    }

    public EmbeddingLeadClassifier(Supplier<EmbeddingModel> model) {
        this.model = Objects.requireNonNull(model, "model");
        this.shipped = LabelledLines.fromResource(EXAMPLES_RESOURCE, "\t", "intent<TAB>text").stream()
                .map(line -> {
                    LeadIntent intent = LeadIntent.fromWire(line.label());
                    if (intent == null) {
                        throw LabelledLines.malformed(EXAMPLES_RESOURCE, line.number(), "unknown intent "
                                + line.label());
                    }
                    return new ExampleText(intent, line.text());
                }).toList();
    }

    /** The unit embedding of a text, as the tenant's reviewed examples are stored. */
    public float[] embed(String text) {
        return UnitVectors.unit(model.get().embed(text).content().vector());
    }

    public void warmUp() {
        shippedIndex();
    }

    /**
     * @param reviewed the tenant's reviewed examples (their vectors from {@link #embed})
     */
    public IntentDecision classify(String text, List<LabelledLead> reviewed) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return new IntentDecision(LeadIntent.OTHER, 0, IntentDecider.EMBEDDING, "The lead has no text");
        }
        List<String> parts = new ArrayList<>();
        parts.add(text);
        List<String> sentences = sentences(text);
        if (sentences.size() > 1) {
            parts.addAll(sentences.subList(0, Math.min(MAX_SENTENCES, sentences.size())));
        }
        List<TextSegment> segments = parts.stream().map(TextSegment::from).toList();
        List<Embedding> embedded = model.get().embedAll(segments).content();
        float[] whole = UnitVectors.unit(embedded.get(0).vector());

        // a reviewer has already said what a lead like this one is
        LabelledLead closestReviewed = null;
        double closestReviewedSimilarity = -1;
        for (LabelledLead example : reviewed) {
            double similarity = UnitVectors.cosine(whole, example.vector());
            if (similarity > closestReviewedSimilarity) {
                closestReviewedSimilarity = similarity;
                closestReviewed = example;
            }
        }
        if (closestReviewed != null && closestReviewedSimilarity >= REVIEWED_DECIDES) {
            return new IntentDecision(closestReviewed.intent(), round(closestReviewedSimilarity),
                    IntentDecider.EMBEDDING, String.format(Locale.ROOT, "A lead the tenant's reviewers labelled %s "
                            + "is very similar (similarity %.2f)", closestReviewed.intent().wireName(),
                            closestReviewedSimilarity));
        }

        List<LabelledLead> examples = new ArrayList<>(shippedIndex());
        examples.addAll(reviewed);
        Set<LabelledLead> reviewedSet = Collections.newSetFromMap(new IdentityHashMap<>());
        reviewedSet.addAll(reviewed);
        Map<LeadIntent, Double> votes = new EnumMap<>(LeadIntent.class);
        double total = 0;
        double best = -1;
        for (int i = 0; i < embedded.size(); i++) {
            float[] query = i == 0 ? whole : UnitVectors.unit(embedded.get(i).vector());
            // the whole text counts as much as all its sentences together
            double partWeight = i == 0 ? 1.0 : 1.0 / (embedded.size() - 1);
            List<Scored> top = nearest(query, examples);
            for (Scored scored : top) {
                best = Math.max(best, scored.similarity());
                double weight = Math.max(scored.similarity(), 0) * partWeight
                        * (reviewedSet.contains(scored.example())
                        ? REVIEWED_WEIGHT : 1.0);
                votes.merge(scored.example().intent(), weight, Double::sum);
                total += weight;
            }
        }
        if (best < MIN_SIMILARITY || total <= 0) {
            return new IntentDecision(LeadIntent.OTHER, 0, IntentDecider.EMBEDDING, String.format(Locale.ROOT,
                    "No labelled example is close to the lead (best similarity %.2f)", best));
        }
        Map.Entry<LeadIntent, Double> winner = votes.entrySet().stream().max(Map.Entry.comparingByValue())
                .orElseThrow();
        double confidence = winner.getValue() / total;
        return new IntentDecision(winner.getKey(), round(confidence), IntentDecider.EMBEDDING,
                String.format(Locale.ROOT, "%.0f%% of the votes of the nearest labelled examples (%d shipped, %d "
                                + "reviewed) are %s (best similarity %.2f)", 100 * confidence, shipped.size(),
                        reviewed.size(), winner.getKey().wireName(), best));
    }

    private record Scored(LabelledLead example, double similarity) {
    }

    private static List<Scored> nearest(float[] query, List<LabelledLead> examples) {
        List<Scored> all = new ArrayList<>(examples.size());
        for (LabelledLead example : examples) {
            all.add(new Scored(example, UnitVectors.cosine(query, example.vector())));
        }
        all.sort(Comparator.comparingDouble(Scored::similarity).reversed());
        return all.subList(0, Math.min(NEIGHBOURS, all.size()));
    }

    /** Sentences and lines of at least three words (greetings and signatures carry no intent). */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String piece : text.split("(?<=[.!?])\\s+|\\R+")) {
            String stripped = piece.strip();
            if (stripped.split("\\s+").length >= 3) {
                out.add(stripped);
            }
        }
        return out;
    }

    private List<LabelledLead> shippedIndex() {
        List<LabelledLead> current = index;
        if (current == null) {
            synchronized (this) {
                current = index;
                if (current == null) {
                    List<Embedding> embedded = model.get().embedAll(shipped.stream()
                            .map(e -> TextSegment.from(e.text())).toList()).content();
                    List<LabelledLead> built = new ArrayList<>(shipped.size());
                    for (int i = 0; i < shipped.size(); i++) {
                        built.add(new LabelledLead(shipped.get(i).intent(), shipped.get(i).text(),
                                UnitVectors.unit(embedded.get(i).vector())));
                    }
                    index = current = List.copyOf(built);
                }
            }
        }
        return current;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
