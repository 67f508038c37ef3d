package io.assistantcore.platform.ops;

/**
 * One event processor as the admin list shows it.
 *
 * @param position     the lowest global index its segments have reached (null: no segment has a token yet)
 * @param headPosition the global index of the newest stored event
 * @param progress     0–100: during a replay how far it is towards the position it was reset at, else towards the head
 * @param replaying    a replay was asked for and has not reached the position of the reset yet
 * @param replayable   the processor supports a reset: none of its handlers has side effects
 * @param segments     how many segments its work is divided into (0: a subscribing processor, which has none)
 */
public record ProjectionStatus(String name, String status, Long position, Long headPosition, int progress,
                               boolean replaying, boolean replayable, int segments) {
}
