package io.assistantcore.messages.chat;

/** A user's rating of a reply. */
public enum FeedbackRating {
    UP,
    DOWN
}
