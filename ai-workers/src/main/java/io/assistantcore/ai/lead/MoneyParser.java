package io.assistantcore.ai.lead;

import io.assistantcore.messages.lead.Budget;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the budget a lead states: "$25k", "EUR 40.000", "15 000 €", "CHF 30'000", "around 10 grand", "half a million
 * dollars". An amount needs a currency next to it, or a multiplier ("k", "grand", "thousand") and a budget word near
 * it ("budget", "spend", "around", "max"…), so "40 seats" or "60k subscribers" are no budget. Of several amounts, the
 * first near a budget word wins, else the first. "No budget yet", "budget tbd" and the like say there is none. The
 * currency is null when the lead names none. Hand-written: no maintained Java library parses money in free text
 * (JSR 354 parses formatted amounts in one locale, not prose).
 */
public final class MoneyParser {

    /** The result: a budget, or none (no amount found, or the lead says it has none). */
    public record Found(Budget budget, boolean saysNone) {
    }

    private static final Map<String, String> SYMBOLS = Map.of("$", "USD", "€", "EUR", "£", "GBP", "¥", "JPY");
    private static final Map<String, String> WORDS = Map.ofEntries(Map.entry("dollar", "USD"),
            Map.entry("dollars", "USD"), Map.entry("usd", "USD"), Map.entry("euro", "EUR"), Map.entry("euros", "EUR"),
            Map.entry("eur", "EUR"), Map.entry("pound", "GBP"), Map.entry("pounds", "GBP"), Map.entry("gbp", "GBP"),
            Map.entry("yen", "JPY"), Map.entry("jpy", "JPY"), Map.entry("chf", "CHF"), Map.entry("francs", "CHF"),
            Map.entry("sek", "SEK"), Map.entry("nok", "NOK"), Map.entry("dkk", "DKK"), Map.entry("kr", "SEK"),
            Map.entry("aud", "AUD"), Map.entry("cad", "CAD"), Map.entry("pln", "PLN"), Map.entry("zł", "PLN"),
            Map.entry("zloty", "PLN"), Map.entry("inr", "INR"), Map.entry("brl", "BRL"), Map.entry("mxn", "MXN"),
            Map.entry("czk", "CZK"), Map.entry("huf", "HUF"), Map.entry("nzd", "NZD"), Map.entry("sgd", "SGD"),
            Map.entry("hkd", "HKD"), Map.entry("zar", "ZAR"), Map.entry("cny", "CNY"), Map.entry("rub", "RUB"));

    private static final String NUMBER = "(\\d{1,3}(?:[ ,.'’\\u00A0\\u202F]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d+)?)";
    private static final String MULTIPLIER = "(k|K|m|M|mn|bn|thousand|grand|million|mio\\.?|tsd\\.?)?";
    private static final String CURRENCY_BEFORE = "(?:(\\$|€|£|¥)|\\b(usd|eur|gbp|chf|sek|nok|dkk|aud|cad|jpy|pln|"
            + "inr|brl|mxn|czk|huf|nzd|sgd|hkd|zar|cny)\\s?)";
    private static final String CURRENCY_AFTER = "(?:\\s?(\\$|€|£|¥|zł)|\\s(usd|eur|gbp|chf|sek|nok|dkk|aud|cad|jpy|"
            + "pln|inr|brl|mxn|czk|huf|nzd|sgd|hkd|zar|cny|dollars?|euros?|pounds?|yen|francs|kr|zloty)\\b)";

    private static final Pattern BEFORE = Pattern.compile("(?iu)" + CURRENCY_BEFORE + NUMBER + "\\s?" + MULTIPLIER
            + "(?![\\w])");
    private static final Pattern AFTER = Pattern.compile("(?iu)(?<![\\w$€£¥.,])" + NUMBER + "\\s?" + MULTIPLIER
            + CURRENCY_AFTER);
    private static final Pattern BARE = Pattern.compile("(?iu)(?<![\\w$€£¥.,])" + NUMBER + "\\s?"
            + "(k|K|thousand|grand)(?![\\w])");
    private static final Pattern HALF_MILLION = Pattern.compile("(?iu)\\bhalf an? million\\s*(dollars|euros|pounds)?");
    /** Words that make an amount a budget when they stand within 40 characters before it or 15 after it. */
    private static final Pattern BUDGET_WORD = Pattern.compile("(?iu)\\b(budget\\w*|spend|spending|set aside|"
            + "sign-?off|approved|max|maximum|range|allocated|afford|cost|costs|invest\\w*|price)\\b");
    /** Hedges that make an amount a budget only right before it ("around 10k", "up to 15k"). */
    private static final Pattern HEDGE = Pattern.compile("(?iu)\\b(around|about|approx\\w*|roughly|up to|ca\\.|etwa|"
            + "environ|some|under|below)\\s*$");
    private static final Pattern NO_BUDGET = Pattern.compile("(?iu)\\b(no budget|budget (?:is )?(?:tbd|tbc|"
            + "not (?:yet )?(?:defined|set|allocated|decided|approved|fixed)|pending|unknown|open|undecided)|"
            + "no (?:fixed |set )?budget|budget not (?:yet )?\\w+|without a budget|kein budget|pas de budget)\\b");

    private MoneyParser() {
    }

    public static Found find(String text) {
        if (text == null || text.isBlank()) {
            return new Found(null, false);
        }
        List<Candidate> candidates = new ArrayList<>();
        collect(BEFORE.matcher(text), true, candidates, text);
        collect(AFTER.matcher(text), false, candidates, text);
        Matcher bare = BARE.matcher(text);
        while (bare.find()) {
            boolean grand = bare.group(2).equalsIgnoreCase("grand");
            if ((grand || nearBudgetWord(text, bare.start(), bare.end())) && !overlaps(candidates, bare.start())) {
                amount(bare.group(1), bare.group(2)).ifPresent(amount -> candidates.add(
                        new Candidate(bare.start(), new Budget(amount, null), nearBudgetWord(text, bare.start(),
                                bare.end()))));
            }
        }
        Matcher half = HALF_MILLION.matcher(text);
        while (half.find()) {
            String currency = half.group(1) == null ? null : WORDS.get(half.group(1).toLowerCase(Locale.ROOT));
            candidates.add(new Candidate(half.start(), new Budget(new BigDecimal("500000"), currency),
                    nearBudgetWord(text, half.start(), half.end())));
        }
        boolean saysNone = NO_BUDGET.matcher(text).find();
        if (candidates.isEmpty()) {
            return new Found(null, saysNone);
        }
        candidates.sort((a, b) -> Integer.compare(a.start, b.start));
        Candidate chosen = candidates.stream().filter(Candidate::nearBudgetWord).findFirst()
                .orElse(candidates.get(0));
        return new Found(chosen.budget, false);
    }

    private record Candidate(int start, Budget budget, boolean nearBudgetWord) {
    }

    private static void collect(Matcher matcher, boolean before, List<Candidate> candidates, String text) {
        while (matcher.find()) {
            String currency;
            String number;
            String multiplier;
            if (before) {
                currency = matcher.group(1) != null ? SYMBOLS.get(matcher.group(1))
                        : WORDS.get(matcher.group(2).toLowerCase(Locale.ROOT));
                number = matcher.group(3);
                multiplier = matcher.group(4);
            } else {
                number = matcher.group(1);
                multiplier = matcher.group(2);
                currency = matcher.group(3) != null ? (matcher.group(3).equals("zł") ? "PLN"
                        : SYMBOLS.get(matcher.group(3))) : WORDS.get(matcher.group(4).toLowerCase(Locale.ROOT));
            }
            if (overlaps(candidates, matcher.start())) {
                continue;
            }
            int start = matcher.start();
            amount(number, multiplier).ifPresent(amount -> candidates.add(new Candidate(start,
                    new Budget(amount, currency), nearBudgetWord(text, start, matcher.end()))));
        }
    }

    private static boolean overlaps(List<Candidate> candidates, int start) {
        return candidates.stream().anyMatch(c -> Math.abs(c.start - start) <= 4);
    }

    private static boolean nearBudgetWord(String text, int start, int end) {
        String around = text.substring(Math.max(0, start - 40), Math.min(text.length(), end + 15));
        String justBefore = text.substring(Math.max(0, start - 14), start);
        return BUDGET_WORD.matcher(around).find() || HEDGE.matcher(justBefore).find();
    }

    /** The amount a number and its multiplier stand for; empty when it is no plausible amount. */
    static Optional<BigDecimal> amount(String number, String multiplier) {
        String digits = number.replaceAll("[\\s\\u00A0\\u202F'’]", "");
        // a separator followed by exactly three digits groups thousands; otherwise it is the decimal mark
        if (digits.matches("\\d{1,3}([.,]\\d{3})+")) {
            digits = digits.replaceAll("[.,]", "");
        } else if (digits.matches("\\d{1,3}(,\\d{3})+\\.\\d{1,2}")) {
            digits = digits.replace(",", "");
        } else if (digits.matches("\\d{1,3}(\\.\\d{3})+,\\d{1,2}")) {
            digits = digits.replace(".", "").replace(',', '.');
        } else {
            digits = digits.replace(',', '.');
        }
        BigDecimal value;
        try {
            value = new BigDecimal(digits);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (multiplier != null) {
            String m = multiplier.toLowerCase(Locale.ROOT).replace(".", "");
            switch (m) {
                case "k", "thousand", "grand", "tsd" -> value = value.multiply(BigDecimal.valueOf(1_000));
                case "m", "mn", "million", "mio" -> value = value.multiply(BigDecimal.valueOf(1_000_000));
                case "bn" -> value = value.multiply(BigDecimal.valueOf(1_000_000_000));
                default -> {
                }
            }
        }
        if (value.signum() <= 0 || value.compareTo(new BigDecimal("1000000000000")) > 0) {
            return Optional.empty();
        }
        return Optional.of(value.stripTrailingZeros().scale() < 0
                ? value.setScale(0) : value.stripTrailingZeros());
    }
}
