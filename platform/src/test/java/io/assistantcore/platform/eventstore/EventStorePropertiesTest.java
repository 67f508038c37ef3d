package io.assistantcore.platform.eventstore;

import io.assistantcore.platform.eventstore.AxonStorageConfiguration.EventStoreProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code assistant.events.processor-segments} is refused at start-up outside 1 to 64, and
 * {@code assistant.events.processor-read-ahead} unless 0 or 64 to 1024, with the setting named.
 */
class EventStorePropertiesTest {

    @Test
    void processorSegmentsMustBeOneToSixtyFour() {
        assertThat(properties(1).processorSegments()).isEqualTo(1);
        assertThat(properties(64).processorSegments()).isEqualTo(64);
        for (int refused : new int[]{0, -1, 65}) {
            assertThatThrownBy(() -> properties(refused)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("assistant.events.processor-segments");
        }
    }

    @Test
    void processorReadAheadIsNoneOrSixtyFourToTenTwentyFour() {
        assertThat(properties(1, 0).processorReadAhead()).isZero();
        assertThat(properties(1, 64).processorReadAhead()).isEqualTo(64);
        assertThat(properties(1, 1024).processorReadAhead()).isEqualTo(1024);
        for (int refused : new int[]{-1, 1, 63, 1025}) {
            assertThatThrownBy(() -> properties(1, refused)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("assistant.events.processor-read-ahead");
        }
    }

    private static EventStoreProperties properties(int segments) {
        return properties(segments, 256);
    }

    private static EventStoreProperties properties(int segments, int readAhead) {
        return new EventStoreProperties(Duration.ofSeconds(1), true, 5000, segments, readAhead);
    }
}
