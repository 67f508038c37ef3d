package io.assistantcore.api.stream;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Stream event ids: read back as written, refused when they are none, ordered as the events are. */
class StreamPositionTest {

    @Test
    void idsAreReadBackAsTheyWereWritten() {
        for (String id : List.of("1.0", "1.7", "12.345", "3.end", "5", "1.screened", "2.routed", "1.memory",
                "4.sources")) {
            assertThat(StreamPosition.parse(id).id()).isEqualTo(id);
        }
        assertThat(StreamPosition.parse(null)).isEqualTo(StreamPosition.START);
        for (String bad : List.of("abc", "1.x", "0.1", "-1", "1.-2", ".3", "1.", "1.SCREENED", "0.routed")) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> StreamPosition.parse(bad));
        }
    }

    @Test
    void stagesComeBeforeTheFirstChunkInTheOrderTheyHappen() {
        StreamPosition screened = StreamPosition.parse("1.screened");
        StreamPosition memory = StreamPosition.parse("1.memory");
        StreamPosition firstChunk = StreamPosition.parse("1.1");
        assertThat(screened.stage()).isLessThan(memory.stage());
        assertThat(memory.stage()).isLessThan(firstChunk.stage());
        assertThat(firstChunk.seq()).isEqualTo(1);
        assertThat(StreamPosition.parse("1.end").stage()).isEqualTo(firstChunk.stage());
        assertThat(StreamPosition.parse("7").stage()).as("a bare chunk number is past every stage")
                .isEqualTo(firstChunk.stage());
    }
}
