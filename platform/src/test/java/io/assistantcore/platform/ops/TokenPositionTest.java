package io.assistantcore.platform.ops;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.MergedTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Positions of stored tokens, including a merge in progress whose half has not started (seen right after a merge). */
class TokenPositionTest {

    @Test
    void aMergeInProgressWithAHalfWithoutATokenCountsThatHalfAsNotStarted() {
        MergedTrackingToken merging = new MergedTrackingToken(new GlobalSequenceTrackingToken(42), null);

        // what Axon itself does with it
        assertThatThrownBy(merging::position).isInstanceOf(NullPointerException.class);
        assertThat(ProjectionOperations.positionOf(merging)).isZero();
    }

    @Test
    void aMergeInProgressIsAsFarAsItsSlowerHalf() {
        assertThat(ProjectionOperations.positionOf(new MergedTrackingToken(new GlobalSequenceTrackingToken(42),
                new GlobalSequenceTrackingToken(17)))).isEqualTo(17);
    }

    @Test
    void plainReplayAndMissingTokens() {
        assertThat(ProjectionOperations.positionOf(null)).isZero();
        assertThat(ProjectionOperations.positionOf(new GlobalSequenceTrackingToken(7))).isEqualTo(7);
        assertThat(ProjectionOperations.positionOf(ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(9),
                new GlobalSequenceTrackingToken(3)))).isEqualTo(3);
    }
}
