package io.assistantcore.platform.eventstore;

import io.assistantcore.platform.eventstore.AxonStorageConfiguration.EventStoreProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code assistant.events.processor-segments} is refused at start-up outside 1 to 64, with the setting named. */
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

    private static EventStoreProperties properties(int segments) {
        return new EventStoreProperties(Duration.ofSeconds(1), true, 5000, segments);
    }
}
