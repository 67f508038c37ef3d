package io.assistantcore.ai.knowledge;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** WordNet synonyms as the knowledge engine's word check uses them, from the real WordNet 3.1 data on the classpath. */
class SynonymsTest {

    @Test
    void aWordsFirstSenseGivesItsSynsetsOtherSingleWordLemmas() {
        assertThat(Synonyms.of("car", 1)).contains("automobile", "auto", "motorcar").doesNotContain("car");
        assertThat(Synonyms.of("Car", 1)).isEqualTo(Synonyms.of("car", 1));
    }

    @Test
    void aWordIsLookedUpByItsBaseForm() {
        assertThat(Synonyms.of("cars", 1)).contains("automobile");
        assertThat(Synonyms.of("purchased", 1)).contains("buy");
    }

    @Test
    void moreSensesGiveMoreSynonymsAndOnlySingleWords() {
        assertThat(Synonyms.of("car", 1)).doesNotContain("railcar");
        List<String> all = Synonyms.of("car", 100);
        assertThat(all).contains("automobile", "railcar", "gondola").doesNotContain("railway car", "elevator car");
        assertThat(all).allMatch(lemma -> lemma.matches("\\p{L}+"));
    }

    @Test
    void aWordWithoutAnEntryOrWithNoSensesAskedHasNone() {
        assertThat(Synonyms.of("parcelink", 100)).isEmpty();
        assertThat(Synonyms.of("car", 0)).isEmpty();
        assertThat(Synonyms.of("two words", 100)).isEmpty();
        assertThat(Synonyms.of("", 100)).isEmpty();
        assertThat(Synonyms.of(null, 100)).isEmpty();
    }

    @Test
    void lookupsFromManyThreadsAtOnceGiveTheSameAnswers() throws Exception {
        // words not looked up by another test of this class, with a sense count no other test uses, so that the
        // threads find the dictionary (and its own caches) cold and look the same words up together
        List<String> words = List.of("holiday", "salary", "refund", "laptop", "office", "password", "invoice",
                "warranty", "badge", "parking", "sick", "manager", "delivery", "broken", "quickly", "employee");
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<List<String>>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<List<String>> out = new ArrayList<>();
                    for (String word : words) {
                        out.add(Synonyms.of(word, 7));
                    }
                    return out;
                }));
            }
            start.countDown();
            List<List<String>> first = results.get(0).get();
            for (Future<List<List<String>>> result : results) {
                assertThat(result.get()).isEqualTo(first);
            }
            assertThat(first.get(words.indexOf("holiday"))).contains("vacation");
            assertThat(first.get(words.indexOf("salary"))).contains("wage", "pay");
        } finally {
            pool.shutdownNow();
        }
    }
}
