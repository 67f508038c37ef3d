package io.assistantcore.ai.chat.guardrails;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Text carried by characters that no font shows, which a model may still read:
 * <ul>
 *     <li>Unicode tag characters (U+E0020 to U+E007E mirror printable ASCII): a run of them spells a text that is
 *     invisible on screen. The one legitimate use, an emoji subdivision flag (a black flag, up to seven tag letters
 *     and the cancel tag U+E007F, as in the flag of Scotland), is recognised and left out.</li>
 *     <li>Variation selectors used as bytes (U+FE00 to U+FE0F are 0 to 15, U+E0100 to U+E01EF are 16 to 255): a run
 *     of {@value #MIN_SELECTOR_BYTES} or more after one visible character hides UTF-8 text. A single selector (an
 *     emoji or ideograph variant) is ordinary text.</li>
 * </ul>
 * {@link #visible()} is the text with every tag character and every such run removed; {@link #texts()} the hidden
 * texts, decoded.
 */
record HiddenCarriers(String visible, List<String> texts) {

    static final int MIN_TAG_LETTERS = 3;
    static final int MIN_SELECTOR_BYTES = 6;
    private static final int BLACK_FLAG = 0x1F3F4;
    private static final int CANCEL_TAG = 0xE007F;
    private static final int MAX_FLAG_TAGS = 7;

    static HiddenCarriers read(String text) {
        if (!mayCarry(text)) {
            return new HiddenCarriers(text, List.of());
        }
        StringBuilder visible = new StringBuilder(text.length());
        List<String> texts = new ArrayList<>();
        int i = 0;
        int previous = -1;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (isTag(c)) {
                StringBuilder tags = new StringBuilder();
                int j = i;
                int count = 0;
                while (j < text.length() && isTag(text.codePointAt(j))) {
                    int tag = text.codePointAt(j);
                    if (tag >= 0xE0020 && tag <= 0xE007E) {
                        tags.append((char) (tag - 0xE0000));
                    }
                    count++;
                    j += Character.charCount(tag);
                }
                boolean flag = previous == BLACK_FLAG && count <= MAX_FLAG_TAGS + 1
                        && text.codePointBefore(j) == CANCEL_TAG;
                if (flag) {
                    visible.append(text, i, j);
                } else if (letters(tags) >= MIN_TAG_LETTERS && texts.size() < InputNormalizer.MAX_DECODED_SEGMENTS) {
                    texts.add(tags.toString());
                }
                i = j;
                continue;
            }
            if (isSelector(c)) {
                ByteBuffer bytes = ByteBuffer.allocate(InputNormalizer.MAX_DECODED_SEGMENT_CHARS);
                int j = i;
                int count = 0;
                while (j < text.length() && isSelector(text.codePointAt(j))) {
                    int selector = text.codePointAt(j);
                    if (bytes.hasRemaining()) {
                        bytes.put((byte) (selector <= 0xFE0F ? selector - 0xFE00 : selector - 0xE0100 + 16));
                    }
                    count++;
                    j += Character.charCount(selector);
                }
                if (count >= MIN_SELECTOR_BYTES) {
                    String decoded = utf8(bytes.flip());
                    if (decoded != null && letters(decoded) >= MIN_TAG_LETTERS
                            && texts.size() < InputNormalizer.MAX_DECODED_SEGMENTS) {
                        texts.add(decoded);
                    }
                } else {
                    visible.append(text, i, j);
                }
                i = j;
                continue;
            }
            visible.appendCodePoint(c);
            previous = c;
            i += Character.charCount(c);
        }
        return new HiddenCarriers(visible.toString(), List.copyOf(texts));
    }

    /** Whether the text holds a supplementary-plane character or a variation selector at all (the common case: no). */
    private static boolean mayCarry(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c) || (c >= 0xFE00 && c <= 0xFE0F)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTag(int c) {
        return c >= 0xE0000 && c <= 0xE007F;
    }

    private static boolean isSelector(int c) {
        return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
    }

    private static int letters(CharSequence text) {
        return (int) text.codePoints().filter(Character::isLetter).count();
    }

    private static String utf8(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
