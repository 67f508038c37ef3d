package io.assistantcore.ai.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces e-mail addresses, phone numbers and payment card numbers with numbered placeholders such as
 * {@code [EMAIL_1]} before text leaves the platform; {@link Masked#restore(String)} puts the originals back. The same
 * value gets the same placeholder everywhere in one request (text and context), so a model can refer to it.
 */
public final class PiiMasker {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    /** 13-19 digits, optionally grouped by spaces or dashes; confirmed by the Luhn checksum. */
    private static final Pattern CARD = Pattern.compile("\\b\\d(?:[ -]?\\d){12,18}\\b");
    /** International or national numbers with at least 7 digits, optionally grouped. */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\(?\\d{1,4}\\)?(?:[ .-]?\\(?\\d{1,4}\\)?){2,5}(?!\\w)");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    static final Pattern PLACEHOLDER = Pattern.compile("\\[(EMAIL|PHONE|CARD)_\\d+]");

    /** One request's placeholders. */
    public static final class Masked {
        private final Map<String, String> originals = new LinkedHashMap<>();
        private final Map<String, String> placeholders = new LinkedHashMap<>();
        private final Map<String, Integer> counters = new LinkedHashMap<>();

        String placeholderFor(String kind, String value) {
            return placeholders.computeIfAbsent(kind + ":" + value, key -> {
                int number = counters.merge(kind, 1, Integer::sum);
                String placeholder = "[" + kind + "_" + number + "]";
                originals.put(placeholder, value);
                return placeholder;
            });
        }

        /** Puts the original values back in place of every placeholder of this request. */
        public String restore(String text) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            StringBuilder restored = new StringBuilder();
            while (matcher.find()) {
                String original = originals.get(matcher.group());
                matcher.appendReplacement(restored, Matcher.quoteReplacement(original != null ? original : matcher.group()));
            }
            matcher.appendTail(restored);
            return restored.toString();
        }

        public boolean isEmpty() {
            return originals.isEmpty();
        }

        public int count() {
            return originals.size();
        }
    }

    public Masked newRequest() {
        return new Masked();
    }

    /** Masks {@code text} within the placeholders of {@code request}. */
    public String mask(String text, Masked request) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = replace(EMAIL, text, "EMAIL", request, value -> true);
        masked = replace(CARD, masked, "CARD", request, PiiMasker::passesLuhn);
        return replace(PHONE, masked, "PHONE", request, value -> {
            long digits = value.chars().filter(Character::isDigit).count();
            return digits >= 7 && digits <= 15 && !ISO_DATE.matcher(value).matches();
        });
    }

    private static String replace(Pattern pattern, String text, String kind, Masked request,
                                  java.util.function.Predicate<String> accept) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder result = new StringBuilder();
        List<int[]> placeholders = placeholderSpans(text);
        while (matcher.find()) {
            String value = matcher.group();
            boolean insidePlaceholder = placeholders.stream()
                    .anyMatch(span -> matcher.start() < span[1] && matcher.end() > span[0]);
            String replacement = !insidePlaceholder && accept.test(value) ? request.placeholderFor(kind, value) : value;
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static List<int[]> placeholderSpans(String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            spans.add(new int[]{matcher.start(), matcher.end()});
        }
        return spans;
    }

    static boolean passesLuhn(String value) {
        String digits = value.replaceAll("\\D", "");
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubleIt) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
