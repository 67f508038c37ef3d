package io.assistantcore.ai.chat.guardrails;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class InjectionRulesTest {

    @Test
    void repetitionsOutsideCharacterClassesAreBounded() {
        assertThat(InjectionRules.bounded("a\\w+b*[x+*]c\\S*d(?:e\\W+)+?f\\+g"))
                .isEqualTo("a\\w{1,40}b{0,40}[x+*]c\\S{0,300}d(?:e\\W{1,40}){1,40}?f\\+g");
        assertThat(InjectionRules.bounded("[^]+]+x{2,}y?+z{3}")).isEqualTo("[^]+]{1,40}x{2,40}y?+z{3}");
    }

    /**
     * Every rule reads messages anyone writes: an unbounded repetition in a pattern like {@code (\W+\w+){0,3}?}
     * makes a long run of letters cost quadratic time. None is left.
     */
    @Test
    void noRuleHasAnUnboundedRepetition() {
        List<InjectionRules.Rule> rules = InjectionRules.all();

        assertThat(rules).hasSizeGreaterThan(100);
        for (InjectionRules.Rule rule : rules) {
            assertThat(unboundedRepetition(rule.pattern())).as(rule.family() + ": " + rule.pattern()).isFalse();
            if (rule.unless() != null) {
                assertThat(unboundedRepetition(rule.unless())).as(rule.family() + " unless").isFalse();
            }
        }
    }

    @Test
    void everyRuleHasAKnownCategoryAndAWeightBetweenZeroAndOne() {
        for (InjectionRules.Rule rule : InjectionRules.all()) {
            assertThat(rule.weight()).as(rule.family()).isGreaterThan(0).isLessThan(1);
            assertThat(rule.category()).isNotNull();
        }
    }

    /** A {@code +} or {@code *} outside a character class that is not itself bounded by the form {@code {m,n}}. */
    private static boolean unboundedRepetition(Pattern pattern) {
        String regex = pattern.pattern();
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if ((c == '+' || c == '*') && "?+*}".indexOf(regex.charAt(i - 1)) < 0) {
                return true;
            } else if (c == '{' && regex.indexOf(',', i) > 0 && regex.indexOf(',', i) + 1 < regex.length()
                    && regex.charAt(regex.indexOf(',', i) + 1) == '}' && regex.indexOf(',', i) < regex.indexOf('}', i)) {
                return true; // {m,} is open-ended
            }
        }
        return false;
    }
}
