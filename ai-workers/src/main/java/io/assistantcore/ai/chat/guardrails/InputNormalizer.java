package io.assistantcore.ai.chat.guardrails;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a message into the views the injection rules read, undoing the usual ways of hiding an instruction from a
 * keyword filter:
 * <ul>
 *     <li>{@code plain}: Unicode NFKC (full-width and other compatibility forms become ASCII), invisible characters
 *     removed (zero-width spaces and joiners, soft hyphens, bidirectional controls, the byte-order mark), lower case,
 *     runs of spaces as one space, line breaks kept (fake role headers are recognised by their lines). The multilingual rules read this view.</li>
 *     <li>{@code skeleton}: the plain view with diacritics removed, Cyrillic and Greek look-alike letters mapped to
 *     the Latin letters they imitate, leetspeak undone inside words that mix letters and digits
 *     ({@code 1gn0r3} → {@code ignore}), and letters spelled out one by one joined again
 *     ({@code i g n o r e}, {@code i.g.n.o.r.e} → {@code ignore}).</li>
 *     <li>{@code compact}: the skeleton with everything but letters removed, for hyphenated or glued forms
 *     ({@code IGNORE-ALL-PREVIOUS-INSTRUCTIONS}, {@code ig-nore}).</li>
 *     <li>{@code decoded}: the text of every segment that looks like base64 and decodes to readable UTF-8 text.</li>
 * </ul>
 */
final class InputNormalizer {

    /** Base64 segments decoded at most, and the longest one decoded. */
    static final int MAX_DECODED_SEGMENTS = 8;
    static final int MAX_DECODED_SEGMENT_CHARS = 8_192;

    private static final Pattern INVISIBLE = Pattern.compile(
            "[\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F"
                    + "\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0]");
    private static final Pattern LINE_BREAKS = Pattern.compile("\\r\\n?|[\\u0085\\u2028\\u2029]");
    private static final Pattern HORIZONTAL_SPACE = Pattern.compile("[\\h\\x0B\\f]+");
    private static final Pattern BLANK_LINES = Pattern.compile(" ?\\n[\\n ]*");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** A word of letters, digits and the symbols leetspeak uses for letters (possessive: no backtracking). */
    private static final Pattern LEET_WORD = Pattern.compile("[\\p{L}0-9@$]++");
    /** Three to 81 single letters separated by one space, dot, dash, underscore, asterisk or middle dot. */
    private static final Pattern SPELLED_OUT = Pattern.compile(
            "(?<![\\p{L}\\p{N}])\\p{L}(?:[ .\\-_*\\u00B7]\\p{L}){2,80}(?![\\p{L}\\p{N}])");
    private static final Pattern NON_LETTERS = Pattern.compile("[^\\p{L}]++");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{16,}+={0,2}");

    private static final Map<Character, Character> LEET = Map.ofEntries(
            Map.entry('0', 'o'), Map.entry('1', 'i'), Map.entry('3', 'e'), Map.entry('4', 'a'),
            Map.entry('5', 's'), Map.entry('7', 't'), Map.entry('8', 'b'), Map.entry('9', 'g'),
            Map.entry('@', 'a'), Map.entry('$', 's'));

    /** Cyrillic and Greek letters (lower case, after NFKC) that look like Latin ones. */
    private static final Map<Character, Character> CONFUSABLES = Map.ofEntries(
            Map.entry('а', 'a'), Map.entry('в', 'b'), Map.entry('е', 'e'), Map.entry('ё', 'e'),
            Map.entry('к', 'k'), Map.entry('м', 'm'), Map.entry('н', 'h'), Map.entry('о', 'o'),
            Map.entry('р', 'p'), Map.entry('с', 'c'), Map.entry('т', 't'), Map.entry('у', 'y'),
            Map.entry('х', 'x'), Map.entry('ѕ', 's'), Map.entry('і', 'i'), Map.entry('ї', 'i'),
            Map.entry('ј', 'j'), Map.entry('ԁ', 'd'), Map.entry('ԛ', 'q'), Map.entry('ԝ', 'w'),
            Map.entry('ɡ', 'g'), Map.entry('ɑ', 'a'), Map.entry('ı', 'i'), Map.entry('ℓ', 'l'),
            Map.entry('α', 'a'), Map.entry('β', 'b'), Map.entry('ε', 'e'), Map.entry('η', 'n'),
            Map.entry('ι', 'i'), Map.entry('κ', 'k'), Map.entry('ν', 'v'), Map.entry('ο', 'o'),
            Map.entry('ρ', 'p'), Map.entry('τ', 't'), Map.entry('υ', 'u'), Map.entry('χ', 'x'),
            Map.entry('γ', 'y'), Map.entry('ω', 'w'), Map.entry('ѵ', 'v'));

    /**
     * The views of one message.
     *
     * @param obfuscated which hiding techniques were undone (empty when the skeleton equals the plain view and
     *                   nothing was decoded)
     */
    record Views(String plain, String skeleton, String compact, List<String> decoded, List<String> obfuscated) {

        /** The texts the English rules read: plain, skeleton (when it differs) and each decoded segment. */
        List<String> latinViews() {
            List<String> views = new ArrayList<>();
            views.add(plain);
            if (!skeleton.equals(plain)) {
                views.add(skeleton);
            }
            views.addAll(decoded);
            return views;
        }
    }

    Views normalize(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        boolean invisible = INVISIBLE.matcher(nfkc).find();
        String visible = INVISIBLE.matcher(nfkc).replaceAll("");
        String plain = collapseSpace(visible.toLowerCase(Locale.ROOT));

        List<String> obfuscated = new ArrayList<>();
        if (invisible) {
            obfuscated.add("invisible");
        }
        if (!Normalizer.normalize(text, Normalizer.Form.NFC).equals(nfkc)) {
            obfuscated.add("compatibility-forms");
        }
        String skeleton = skeleton(plain, obfuscated);
        String compact = NON_LETTERS.matcher(skeleton).replaceAll("");

        List<String> decoded = new ArrayList<>();
        for (String segment : decodeBase64(visible)) {
            String decodedPlain = collapseSpace(segment.toLowerCase(Locale.ROOT));
            decoded.add(decodedPlain);
            String decodedSkeleton = skeleton(decodedPlain, new ArrayList<>());
            if (!decodedSkeleton.equals(decodedPlain)) {
                decoded.add(decodedSkeleton);
            }
        }
        if (!decoded.isEmpty()) {
            obfuscated.add("base64");
        }
        return new Views(plain, skeleton, compact, List.copyOf(decoded), List.copyOf(obfuscated));
    }

    /** Runs of spaces and tabs as one space, line breaks kept (one per run of blank lines). */
    private static String collapseSpace(String text) {
        String lines = LINE_BREAKS.matcher(text).replaceAll("\n");
        String spaced = HORIZONTAL_SPACE.matcher(lines).replaceAll(" ");
        return BLANK_LINES.matcher(spaced).replaceAll("\n").strip();
    }

    private static String skeleton(String plain, List<String> obfuscated) {
        String unmarked = MARKS.matcher(Normalizer.normalize(plain, Normalizer.Form.NFD)).replaceAll("");
        StringBuilder mapped = new StringBuilder(unmarked.length());
        boolean confusable = false;
        for (int i = 0; i < unmarked.length(); i++) {
            char c = unmarked.charAt(i);
            Character latin = CONFUSABLES.get(c);
            if (latin != null && mixesWithLatin(unmarked, i)) {
                mapped.append(latin.charValue());
                confusable = true;
            } else {
                mapped.append(c);
            }
        }
        if (confusable) {
            obfuscated.add("look-alike-letters");
        }
        String deLeeted = undoLeet(mapped.toString());
        if (!deLeeted.contentEquals(mapped)) {
            obfuscated.add("leetspeak");
        }
        String joined = joinSpelledOut(deLeeted);
        if (!joined.equals(deLeeted)) {
            obfuscated.add("spelled-out");
        }
        return joined;
    }

    /** Whether the word around position {@code index} also holds a Latin letter (a mixed-script word). */
    private static boolean mixesWithLatin(String text, int index) {
        int start = index;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        int end = index;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z') {
                return true;
            }
        }
        return false;
    }

    private static String undoLeet(String text) {
        Matcher matcher = LEET_WORD.matcher(text);
        StringBuilder result = new StringBuilder(text.length());
        while (matcher.find()) {
            String word = matcher.group();
            String replacement = word;
            if (word.chars().anyMatch(c -> LEET.containsKey((char) c)) && letterCount(word) >= 2) {
                StringBuilder mapped = new StringBuilder(word.length());
                for (int i = 0; i < word.length(); i++) {
                    char c = word.charAt(i);
                    Character letter = LEET.get(c);
                    mapped.append(letter == null ? c : letter.charValue());
                }
                replacement = mapped.toString();
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static int letterCount(String word) {
        return (int) word.codePoints().filter(Character::isLetter).count();
    }

    private static String joinSpelledOut(String text) {
        Matcher matcher = SPELLED_OUT.matcher(text);
        StringBuilder result = new StringBuilder(text.length());
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(NON_LETTERS.matcher(matcher.group())
                    .replaceAll("")));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** The readable texts of base64-looking segments (standard or URL-safe alphabet, padding optional). */
    static List<String> decodeBase64(String text) {
        List<String> result = new ArrayList<>();
        Matcher matcher = BASE64.matcher(text);
        while (matcher.find() && result.size() < MAX_DECODED_SEGMENTS) {
            String segment = matcher.group();
            if (segment.length() > MAX_DECODED_SEGMENT_CHARS || !looksEncoded(segment)) {
                continue;
            }
            String unpadded = segment.replace("=", "");
            if (unpadded.length() % 4 == 1) {
                continue;
            }
            byte[] bytes;
            try {
                bytes = segment.indexOf('-') >= 0 || segment.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(unpadded)
                        : Base64.getDecoder().decode(pad(unpadded));
            } catch (IllegalArgumentException e) {
                continue;
            }
            String decoded = readableUtf8(bytes);
            if (decoded != null) {
                result.add(decoded);
            }
        }
        return result;
    }

    /** Plain words (all letters, or identifiers with a dash) are not taken for base64. */
    private static boolean looksEncoded(String segment) {
        boolean upper = false;
        boolean lower = false;
        boolean digitOrSymbol = false;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c != '=') {
                digitOrSymbol = true;
            }
        }
        return upper && lower && (digitOrSymbol || segment.length() >= 24);
    }

    private static String pad(String unpadded) {
        int missing = (4 - unpadded.length() % 4) % 4;
        return unpadded + "=".repeat(missing);
    }

    /** The bytes as text when they are valid UTF-8 and mostly printable with some spaces (words), else null. */
    private static String readableUtf8(byte[] bytes) {
        if (bytes.length < 8) {
            return null;
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        long printable = decoded.codePoints()
                .filter(c -> !Character.isISOControl(c) || c == '\n' || c == '\t' || c == '\r').count();
        long letters = decoded.codePoints().filter(Character::isLetter).count();
        boolean words = decoded.indexOf(' ') >= 0;
        if (printable < decoded.codePointCount(0, decoded.length()) || letters * 2 < decoded.length() || !words) {
            return null;
        }
        return decoded;
    }
}
