package io.assistantcore.platform.stream;

/** One chunk of streamed text: chunk {@code seq} (from 1) of attempt {@code attempt} of a suggestion or reply. */
public record StreamChunk(int attempt, int seq, String text) {
}
