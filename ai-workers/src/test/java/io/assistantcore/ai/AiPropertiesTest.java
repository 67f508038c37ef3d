package io.assistantcore.ai;

import io.assistantcore.ai.AiWorkersConfiguration.AiProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code assistant.ai.worker-segments} is refused at start-up outside 1 to 64, with the setting named. */
class AiPropertiesTest {

    @Test
    void workerSegmentsMustBeOneToSixtyFour() {
        assertThat(properties(1).workerSegments()).isEqualTo(1);
        assertThat(properties(64).workerSegments()).isEqualTo(64);
        for (int refused : new int[]{0, -1, 65}) {
            assertThatThrownBy(() -> properties(refused)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("assistant.ai.worker-segments");
        }
    }

    private static AiProperties properties(int workerSegments) {
        return new AiProperties(48, Duration.ofMillis(10), Duration.ofMillis(15), 64, Duration.ofSeconds(60),
                Duration.ofSeconds(2), Duration.ofSeconds(5), workerSegments);
    }
}
