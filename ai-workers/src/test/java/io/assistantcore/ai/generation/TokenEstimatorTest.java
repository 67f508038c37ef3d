package io.assistantcore.ai.generation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenEstimatorTest {

    @Test
    void countsBpeTokensNotCharacters() {
        assertThat(TokenEstimator.count("")).isZero();
        assertThat(TokenEstimator.count(null)).isZero();
        assertThat(TokenEstimator.count("hello world")).isEqualTo(2);
        assertThat(TokenEstimator.count("There is an error in this sentence.")).isBetween(7L, 9L);
    }
}
