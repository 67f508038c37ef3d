package io.assistantcore.ai.chat.routing;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.assistantcore.ai.chat.routing.LabelledPrompts.LabelledPrompt;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.vector.UnitVectors;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.tenant.RoutingRules;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The offline router: no network, no model download. Two steps:
 * <ol>
 *     <li>the length rule: a message of more than {@code longContextTokens} tokens (cl100k_base, see
 *     {@link TokenEstimator}) is {@code long_context}, decided by {@link RouteDecider#RULE};</li>
 *     <li>otherwise a k-nearest-neighbours vote over labelled example prompts
 *     ({@value #EXAMPLES_RESOURCE}, shipped in the jar), embedded with all-MiniLM-L6-v2: the {@value #NEIGHBOURS}
 *     examples most similar to the message (cosine similarity) vote for their category, each with its similarity
 *     as weight. The confidence is the winner's share of the votes. A message not similar to any example (best
 *     similarity below {@value #MIN_SIMILARITY}) is {@code general} with confidence 0.</li>
 * </ol>
 * The examples are embedded once, on first use (or {@link #warmUp()}); thread-safe. Reasons name counts and
 * similarities, never the message.
 */
public final class SemanticRouter implements MessageRouter {

    /** The labelled examples in the jar. */
    public static final String EXAMPLES_RESOURCE = "chat/router-examples.tsv";

    /** Default length above which a message is {@code long_context}. */
    public static final int DEFAULT_LONG_CONTEXT_TOKENS = 4000;

    /** Examples that vote. */
    static final int NEIGHBOURS = 7;

    /** Below this best similarity a message resembles no example. */
    static final double MIN_SIMILARITY = 0.2;

    /**
     * A message is classified {@code not_allowed} (and so refused) only when at least one not_allowed example is this
     * similar to it; otherwise the vote goes to the best other category.
     */
    static final double REFUSAL_SIMILARITY = 0.3;

    /** Without an image word, a message is {@code image} only when an image example is at least this similar. */
    static final double IMAGE_SIMILARITY = 0.5;

    /** Words by which a message asks for a picture (English, French, German, Spanish). */
    static final Pattern IMAGE_WORDS = Pattern.compile("(?iu)\\b(image|images|picture|pictures|pic|photo|photos"
            + "|photograph|illustration|illustrate|draw|drawing|sketch|paint|painting|render|logo|icon|sticker"
            + "|banner|poster|wallpaper|avatar|cartoon|comic|meme|infographic|diagram|artwork|visual|mockup"
            + "|dessine|dessin|bild|zeichne|foto|imagen|dibuja|dibujo)\\b");

    private final Supplier<EmbeddingModel> embeddingModel;
    private final List<LabelledPrompt> examples;
    private final int longContextTokens;
    private final int neighbours;
    private final double refusalSimilarity;
    private final Object indexLock = new Object();
    private volatile float[][] index;

    /** A router over the examples in the jar. */
    public SemanticRouter(Supplier<EmbeddingModel> embeddingModel, int longContextTokens) {
        this(embeddingModel, LabelledPrompts.fromResource(EXAMPLES_RESOURCE), longContextTokens, NEIGHBOURS);
    }

    SemanticRouter(Supplier<EmbeddingModel> embeddingModel, List<LabelledPrompt> examples, int longContextTokens,
                   int neighbours) {
        this(embeddingModel, examples, longContextTokens, neighbours, REFUSAL_SIMILARITY);
    }

    /** @param refusalSimilarity how similar a not_allowed example must be for a refusal (the evaluation's sweep) */
    SemanticRouter(Supplier<EmbeddingModel> embeddingModel, List<LabelledPrompt> examples, int longContextTokens,
                   int neighbours, double refusalSimilarity) {
        this.refusalSimilarity = refusalSimilarity;
        this.embeddingModel = Objects.requireNonNull(embeddingModel, "embeddingModel");
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("the semantic router needs examples");
        }
        if (longContextTokens < 1) {
            throw new IllegalArgumentException("longContextTokens must be positive");
        }
        if (neighbours < 1) {
            throw new IllegalArgumentException("neighbours must be positive");
        }
        this.examples = List.copyOf(examples);
        this.longContextTokens = longContextTokens;
        this.neighbours = Math.min(neighbours, examples.size());
    }

    @Override
    public RouteDecision classify(String text, RoutingRules rules) {
        Objects.requireNonNull(text, "text");
        return lengthRule(text).orElseGet(() -> nearest(text));
    }

    /** The long-context rule alone: a decision when the message is longer than the limit, else empty. */
    public Optional<RouteDecision> lengthRule(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() <= longContextTokens) {
            return Optional.empty(); // a token holds at least one character
        }
        long tokens = TokenEstimator.count(text);
        if (tokens <= longContextTokens) {
            return Optional.empty();
        }
        return Optional.of(new RouteDecision(RouteCategory.LONG_CONTEXT, 1.0,
                "The message is about " + tokens + " tokens long, above the long-context limit of "
                        + longContextTokens + " tokens", RouteDecider.RULE));
    }

    /** Embeds the examples now instead of on the first message. */
    public void warmUp() {
        index();
    }

    public int longContextTokens() {
        return longContextTokens;
    }

    private RouteDecision nearest(String text) {
        if (text.isBlank()) {
            return new RouteDecision(RouteCategory.GENERAL, 0.0, "The message is empty", RouteDecider.SEMANTIC);
        }
        float[][] vectors = index();
        float[] query = unit(embeddingModel.get().embed(text).content());
        List<Neighbour> top = topNeighbours(query, vectors);
        double best = top.get(0).similarity();
        if (best < MIN_SIMILARITY) {
            return new RouteDecision(RouteCategory.GENERAL, 0.0, String.format(Locale.ROOT,
                    "No labelled example is close to the message (best similarity %.2f)", best),
                    RouteDecider.SEMANTIC);
        }
        Map<RouteCategory, Double> votes = new EnumMap<>(RouteCategory.class);
        Map<RouteCategory, Integer> counts = new EnumMap<>(RouteCategory.class);
        double total = 0;
        for (Neighbour neighbour : top) {
            double weight = Math.max(neighbour.similarity(), 0);
            RouteCategory category = examples.get(neighbour.index()).category();
            votes.merge(category, weight, Double::sum);
            counts.merge(category, 1, Integer::sum);
            total += weight;
        }
        RouteCategory winner = null;
        double winnerVotes = -1;
        for (Map.Entry<RouteCategory, Double> vote : votes.entrySet()) {
            if (vote.getValue() > winnerVotes) {
                winner = vote.getKey();
                winnerVotes = vote.getValue();
            }
        }
        double confidence = total <= 0 ? 0 : winnerVotes / total;
        String reason = String.format(Locale.ROOT,
                "%d of the %d nearest labelled examples are %s (best similarity %.2f)",
                counts.get(winner), top.size(), winner.wireName(), best);
        String doubt = null;
        if (winner == RouteCategory.NOT_ALLOWED) {
            double closest = closestOf(top, RouteCategory.NOT_ALLOWED);
            if (closest < refusalSimilarity) {
                // a refusal needs a message close to a known refused request; a vague resemblance is not enough
                doubt = String.format(Locale.ROOT, "the nearest not_allowed example is too far (similarity %.2f, "
                        + "below %.2f) to refuse", closest, refusalSimilarity);
            }
        } else if (winner == RouteCategory.IMAGE && !IMAGE_WORDS.matcher(text).find()) {
            double closest = closestOf(top, RouteCategory.IMAGE);
            if (closest < IMAGE_SIMILARITY) {
                // an image request names an image (or is very close to one that does); a question about a place
                // or a thing is not one
                doubt = String.format(Locale.ROOT, "the message names no image and the nearest image example is "
                        + "too far (similarity %.2f, below %.2f)", closest, IMAGE_SIMILARITY);
            }
        }
        if (doubt != null) {
            votes.remove(winner);
            RouteCategory next = votes.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey).orElse(RouteCategory.GENERAL);
            double nextConfidence = total <= 0 ? 0 : votes.getOrDefault(next, 0.0) / total;
            return new RouteDecision(next, round(nextConfidence), reason + "; " + doubt + ", so it is routed as "
                    + next.wireName(), RouteDecider.SEMANTIC);
        }
        return new RouteDecision(winner, round(confidence), reason, RouteDecider.SEMANTIC);
    }

    private double closestOf(List<Neighbour> top, RouteCategory category) {
        double closest = -1;
        for (Neighbour neighbour : top) {
            if (examples.get(neighbour.index()).category() == category) {
                closest = Math.max(closest, neighbour.similarity());
            }
        }
        return closest;
    }

    private List<Neighbour> topNeighbours(float[] query, float[][] vectors) {
        List<Neighbour> top = new ArrayList<>(neighbours + 1);
        for (int i = 0; i < vectors.length; i++) {
            double similarity = dot(query, vectors[i]);
            if (top.size() < neighbours || similarity > top.get(top.size() - 1).similarity()) {
                int at = top.size();
                while (at > 0 && top.get(at - 1).similarity() < similarity) {
                    at--;
                }
                top.add(at, new Neighbour(i, similarity));
                if (top.size() > neighbours) {
                    top.remove(top.size() - 1);
                }
            }
        }
        return top;
    }

    private float[][] index() {
        float[][] current = index;
        if (current == null) {
            synchronized (indexLock) {
                current = index;
                if (current == null) {
                    List<TextSegment> segments = examples.stream().map(e -> TextSegment.from(e.text())).toList();
                    List<Embedding> embeddings = embeddingModel.get().embedAll(segments).content();
                    current = new float[embeddings.size()][];
                    for (int i = 0; i < current.length; i++) {
                        current[i] = unit(embeddings.get(i));
                    }
                    index = current;
                }
            }
        }
        return current;
    }

    private static float[] unit(Embedding embedding) {
        return UnitVectors.unit(embedding.vector());
    }

    private static double dot(float[] a, float[] b) {
        return UnitVectors.cosine(a, b);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private record Neighbour(int index, double similarity) {
    }
}
