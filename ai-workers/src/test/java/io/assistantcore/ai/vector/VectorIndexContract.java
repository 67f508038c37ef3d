package io.assistantcore.ai.vector;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * What every {@link VectorIndex} promises. Subclasses hand out an index of dimension {@link #DIMENSION} on a real
 * database; each test uses tenants of its own, so the tests share tables without seeing each other.
 */
abstract class VectorIndexContract {

    static final int DIMENSION = 4;
    static final String CACHE = "response_cache";

    /** The index under test, of dimension {@link #DIMENSION}. */
    protected abstract VectorIndex index();

    private static String tenant() {
        return "tenant-" + UUID.randomUUID();
    }

    private static float[] v(float... components) {
        return components;
    }

    private static List<String> ids(List<VectorMatch> matches) {
        return matches.stream().map(VectorMatch::id).toList();
    }

    @Test
    void returnsTheNearestFirst() {
        String tenant = tenant();
        index().add(CACHE, tenant, "far", v(0, 1, 0, 0), Map.of());
        index().add(CACHE, tenant, "near", v(1, 0.1f, 0, 0), Map.of());
        index().add(CACHE, tenant, "middle", v(1, 1, 0, 0), Map.of());

        List<VectorMatch> matches = index().search(CACHE, tenant, v(1, 0, 0, 0), -1, 10, Map.of());

        assertThat(ids(matches)).containsExactly("near", "middle", "far");
        assertThat(matches).extracting(VectorMatch::similarity).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void returnsAtMostMaxResults() {
        String tenant = tenant();
        for (int i = 0; i < 5; i++) {
            index().add(CACHE, tenant, "e" + i, v(1, i, 0, 0), Map.of());
        }

        assertThat(ids(index().search(CACHE, tenant, v(1, 0, 0, 0), -1, 2, Map.of()))).containsExactly("e0", "e1");
    }

    @Test
    void minSimilarityCutsOff() {
        String tenant = tenant();
        index().add(CACHE, tenant, "same", v(1, 0, 0, 0), Map.of());
        index().add(CACHE, tenant, "close", v(1, 0.2f, 0, 0), Map.of()); // cos = 0.9806
        index().add(CACHE, tenant, "diagonal", v(1, 1, 0, 0), Map.of()); // cos = 0.7071
        index().add(CACHE, tenant, "opposite", v(-1, 0, 0, 0), Map.of()); // cos = -1

        assertThat(ids(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.95, 10, Map.of())))
                .containsExactly("same", "close");
        assertThat(ids(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.7, 10, Map.of())))
                .containsExactly("same", "close", "diagonal");
        assertThat(ids(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.0, 10, Map.of())))
                .containsExactly("same", "close", "diagonal");
        assertThat(ids(index().search(CACHE, tenant, v(0, 0, 1, 0), 0.5, 10, Map.of()))).isEmpty();
    }

    @Test
    void similaritiesArePlainCosine() {
        String tenant = tenant();
        index().add(CACHE, tenant, "same", v(2, 0, 0, 0), Map.of());
        index().add(CACHE, tenant, "orthogonal", v(0, 3, 0, 0), Map.of());
        index().add(CACHE, tenant, "opposite", v(-0.5f, 0, 0, 0), Map.of());
        index().add(CACHE, tenant, "diagonal", v(1, 1, 0, 0), Map.of());

        Map<String, Double> similarity = new java.util.HashMap<>();
        index().search(CACHE, tenant, v(1, 0, 0, 0), -1, 10, Map.of())
                .forEach(match -> similarity.put(match.id(), match.similarity()));

        assertThat(similarity).hasSize(4);
        assertThat(similarity.get("same")).isCloseTo(1.0, within(1e-6));
        assertThat(similarity.get("diagonal")).isCloseTo(Math.sqrt(0.5), within(1e-6));
        assertThat(similarity.get("orthogonal")).isCloseTo(0.0, within(1e-6));
        assertThat(similarity.get("opposite")).isCloseTo(-1.0, within(1e-6));
    }

    @Test
    void requiredAttributesFilter() {
        String tenant = tenant();
        index().add(CACHE, tenant, "en-gpt", v(1, 0, 0, 0), Map.of("language", "en", "model", "gpt"));
        index().add(CACHE, tenant, "de-gpt", v(1, 0, 0, 0), Map.of("language", "de", "model", "gpt"));
        index().add(CACHE, tenant, "en-local", v(1, 0, 0, 0), Map.of("language", "en", "model", "local"));
        index().add(CACHE, tenant, "bare", v(1, 0, 0, 0), Map.of());

        assertThat(ids(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.5, 10, Map.of("language", "en"))))
                .containsExactlyInAnyOrder("en-gpt", "en-local");
        assertThat(ids(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.5, 10, Map.of("language", "en", "model", "gpt"))))
                .containsExactly("en-gpt");
        assertThat(ids(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.5, 10, Map.of("language", "fr")))).isEmpty();
        assertThat(ids(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.5, 10, Map.of()))).hasSize(4);
        assertThat(ids(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.5, 10, null))).hasSize(4);
    }

    @Test
    void returnsTheStoredAttributes() {
        String tenant = tenant();
        index().add(CACHE, tenant, "a", v(1, 0, 0, 0), Map.of("prompt", "it's \"quoted\" ü", "model", "gpt"));

        assertThat(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.5, 10, Map.of("prompt", "it's \"quoted\" ü")))
                .singleElement()
                .satisfies(match -> {
                    assertThat(match.id()).isEqualTo("a");
                    assertThat(match.attributes()).isEqualTo(Map.of("prompt", "it's \"quoted\" ü", "model", "gpt"));
                });
    }

    @Test
    void anotherTenantNeverSeesTheEntries() {
        String alice = tenant();
        String bob = tenant();
        index().add(CACHE, alice, "shared-id", v(1, 0, 0, 0), Map.of("owner", "alice"));
        index().add(CACHE, alice, "alice-only", v(1, 0, 0, 0), Map.of("owner", "alice"));
        index().add(CACHE, bob, "shared-id", v(0, 1, 0, 0), Map.of("owner", "bob"));

        List<VectorMatch> bobs = index().search(CACHE, bob, v(1, 0, 0, 0), -1, 10, Map.of());
        assertThat(bobs).singleElement().satisfies(match -> {
            assertThat(match.id()).isEqualTo("shared-id");
            assertThat(match.attributes()).containsEntry("owner", "bob");
            assertThat(match.similarity()).isCloseTo(0.0, within(1e-6));
        });
        assertThat(ids(index().search(CACHE, alice, v(1, 0, 0, 0), 0.5, 10, Map.of())))
                .containsExactlyInAnyOrder("shared-id", "alice-only");
        assertThat(index().search(CACHE, tenant(), v(1, 0, 0, 0), -1, 10, Map.of())).isEmpty();
    }

    @Test
    void collectionsAreSeparate() {
        String tenant = tenant();
        index().add(CACHE, tenant, "cached", v(1, 0, 0, 0), Map.of());
        index().add("documents", tenant, "doc", v(1, 0, 0, 0), Map.of());

        assertThat(ids(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.5, 10, Map.of()))).containsExactly("cached");
        assertThat(ids(index().search("documents", tenant, v(1, 0, 0, 0), 0.5, 10, Map.of()))).containsExactly("doc");
    }

    @Test
    void removeTenantRemovesOnlyThatTenantInThatCollection() {
        String alice = tenant();
        String bob = tenant();
        index().add(CACHE, alice, "a1", v(1, 0, 0, 0), Map.of());
        index().add(CACHE, alice, "a2", v(0, 1, 0, 0), Map.of());
        index().add("documents", alice, "a-doc", v(1, 0, 0, 0), Map.of());
        index().add(CACHE, bob, "b1", v(1, 0, 0, 0), Map.of());

        index().removeTenant(CACHE, alice);

        assertThat(index().search(CACHE, alice, v(1, 0, 0, 0), -1, 10, Map.of())).isEmpty();
        assertThat(ids(index().search(CACHE, bob, v(1, 0, 0, 0), -1, 10, Map.of()))).containsExactly("b1");
        assertThat(ids(index().search("documents", alice, v(1, 0, 0, 0), -1, 10, Map.of()))).containsExactly("a-doc");
        index().removeTenant(CACHE, alice); // nothing left to remove: no error
    }

    @Test
    void addWithTheSameIdReplaces() {
        String tenant = tenant();
        index().add(CACHE, tenant, "entry", v(1, 0, 0, 0), Map.of("version", "1", "stale", "yes"));
        index().add(CACHE, tenant, "entry", v(0, 1, 0, 0), Map.of("version", "2"));

        assertThat(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.5, 10, Map.of())).isEmpty();
        assertThat(index().search(CACHE, tenant, v(0, 1, 0, 0), -1, 10, Map.of()))
                .singleElement()
                .satisfies(match -> {
                    assertThat(match.id()).isEqualTo("entry");
                    assertThat(match.similarity()).isCloseTo(1.0, within(1e-6));
                    assertThat(match.attributes()).isEqualTo(Map.of("version", "2"));
                });
        assertThat(index().search(CACHE, tenant, v(0, 1, 0, 0), -1, 10, Map.of("stale", "yes"))).isEmpty();
    }

    @Test
    void rejectsWhatItCannotStoreSafely() {
        String tenant = tenant();
        assertThatThrownBy(() -> index().add(CACHE, tenant, "x", v(1, 0, 0), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index().add(CACHE, tenant, "x", v(0, 0, 0, 0), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index().add("cache; DROP TABLE x", tenant, "x", v(1, 0, 0, 0), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index().add(CACHE, tenant, "x", v(1, 0, 0, 0), Map.of("k'ey", "v")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index().add(CACHE, " ", "x", v(1, 0, 0, 0), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index().search(CACHE, tenant, v(1, 0, 0, 0), 0, 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index().search(CACHE, tenant, v(1, 0, 0, 0), 0, 1, Map.of("__tenant", tenant)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tenantValuesAreDataNotSql() {
        String tenant = "o'brien\" OR 1=1 -- " + UUID.randomUUID();
        String other = tenant();
        index().add(CACHE, other, "other", v(1, 0, 0, 0), Map.of());
        index().add(CACHE, tenant, "mine", v(1, 0, 0, 0), Map.of("note", "x' OR '1'='1"));

        assertThat(ids(index().search(CACHE, tenant, v(1, 0, 0, 0), 0.5, 10, Map.of("note", "x' OR '1'='1"))))
                .containsExactly("mine");
        index().removeTenant(CACHE, tenant);
        assertThat(index().search(CACHE, tenant, v(1, 0, 0, 0), -1, 10, Map.of())).isEmpty();
        assertThat(ids(index().search(CACHE, other, v(1, 0, 0, 0), -1, 10, Map.of()))).containsExactly("other");
    }
}
