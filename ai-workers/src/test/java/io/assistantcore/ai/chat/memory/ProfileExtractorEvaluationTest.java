package io.assistantcore.ai.chat.memory;

import io.assistantcore.messages.chat.MemoryInput.ProfileFact;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the profile rules on {@code chat/profile-eval.tsv}, a set of messages written apart from
 * {@link ProfileExtractorTest} and never used to change the rules. Prints precision and recall per key; fails below
 * the floors (set under the first measurement, to catch regressions). Results are in docs/chat.md.
 */
class ProfileExtractorEvaluationTest {

    private record Case(String message, List<ProfileFact> expected) {
    }

    private static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = ProfileExtractorEvaluationTest.class.getResourceAsStream("/chat/profile-eval.tsv")) {
            assertThat(in).as("chat/profile-eval.tsv").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                List<ProfileFact> expected = new ArrayList<>();
                if (!columns[1].strip().equals("-")) {
                    for (String fact : columns[1].split(" ; ")) {
                        int equals = fact.indexOf('=');
                        expected.add(new ProfileFact(fact.substring(0, equals).strip(), fact.substring(equals + 1).strip()));
                    }
                }
                cases.add(new Case(columns[0], expected));
            }
        }
        return cases;
    }

    private static String normal(String value) {
        return value.toLowerCase(Locale.ROOT).replaceAll("[.!,;:]+$", "").strip();
    }

    private static boolean matches(ProfileFact predicted, ProfileFact expected) {
        if (!predicted.key().equals(expected.key())) {
            return false;
        }
        String p = normal(predicted.value());
        String e = normal(expected.value());
        boolean phrase = expected.key().equals(ProfileExtractor.ROLE) || expected.key().equals(ProfileExtractor.PREFERENCE);
        return p.equals(e) || phrase && (p.contains(e) || e.contains(p));
    }

    @Test
    void precisionAndRecallOnTheEvaluationSet() throws IOException {
        ProfileExtractor extractor = new ProfileExtractor();
        Map<String, int[]> byKey = new TreeMap<>(); // key -> {truePositives, falsePositives, falseNegatives}
        int negatives = 0;
        int negativesWithFacts = 0;
        int exact = 0;
        List<Case> cases = cases();
        for (Case c : cases) {
            List<ProfileFact> predicted = extractor.extract(c.message());
            List<ProfileFact> unmatched = new ArrayList<>(c.expected());
            boolean allRight = true;
            for (ProfileFact fact : predicted) {
                ProfileFact hit = unmatched.stream().filter(e -> matches(fact, e)).findFirst().orElse(null);
                int[] counts = byKey.computeIfAbsent(fact.key(), k -> new int[3]);
                if (hit != null) {
                    unmatched.remove(hit);
                    counts[0]++;
                } else {
                    counts[1]++;
                    allRight = false;
                    System.out.println("  extra   " + fact + "  <- " + c.message());
                }
            }
            for (ProfileFact missed : unmatched) {
                byKey.computeIfAbsent(missed.key(), k -> new int[3])[2]++;
                allRight = false;
                System.out.println("  missed  " + missed + "  <- " + c.message());
            }
            if (c.expected().isEmpty()) {
                negatives++;
                if (!predicted.isEmpty()) {
                    negativesWithFacts++;
                }
            }
            if (allRight) {
                exact++;
            }
        }
        int tp = 0;
        int fp = 0;
        int fn = 0;
        System.out.println("key              tp  fp  fn  precision  recall");
        for (Map.Entry<String, int[]> entry : byKey.entrySet()) {
            int[] n = entry.getValue();
            tp += n[0];
            fp += n[1];
            fn += n[2];
            System.out.printf(Locale.ROOT, "%-15s %3d %3d %3d  %8.1f%%  %5.1f%%%n", entry.getKey(), n[0], n[1], n[2],
                    percent(n[0], n[0] + n[1]), percent(n[0], n[0] + n[2]));
        }
        double precision = percent(tp, tp + fp);
        double recall = percent(tp, tp + fn);
        System.out.printf(Locale.ROOT, "all facts: precision %.1f%% (%d/%d), recall %.1f%% (%d/%d); messages exactly "
                        + "right %d/%d; messages stating nothing that got a fact %d/%d%n", precision, tp, tp + fp,
                recall, tp, tp + fn, exact, cases.size(), negativesWithFacts, negatives);

        assertThat(precision).isGreaterThanOrEqualTo(PRECISION_FLOOR);
        assertThat(recall).isGreaterThanOrEqualTo(RECALL_FLOOR);
    }

    private static final double PRECISION_FLOOR = 95;
    private static final double RECALL_FLOOR = 85;

    private static double percent(int part, int whole) {
        return whole == 0 ? 100 : 100.0 * part / whole;
    }
}
