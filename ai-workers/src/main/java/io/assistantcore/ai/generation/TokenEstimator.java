package io.assistantcore.ai.generation;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens with the cl100k_base BPE tokenizer (jtokkit, vocabulary shipped in its jar). Used when a provider
 * reports no usage, and for the offline engine; such counts are marked as estimates.
 */
public final class TokenEstimator {

    private static final Encoding ENCODING = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private TokenEstimator() {
    }

    public static long count(String text) {
        return text == null || text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
    }

    /** The tokens of a chat prompt's system message and messages (without the chat format's overhead). */
    public static long countPrompt(ChatPrompt prompt) {
        long tokens = count(prompt.systemMessage());
        for (ChatPrompt.Message message : prompt.messages()) {
            tokens += count(message.text());
        }
        return tokens;
    }
}
