package io.assistantcore.ai.privacy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PiiMaskerTest {

    private final PiiMasker masker = new PiiMasker();

    @Test
    void masksEmailsPhonesAndCardsAndRestoresThem() {
        PiiMasker.Masked request = masker.newRequest();
        String text = "Mail jane.doe@example.com or call +1 (415) 555-0134; card 4111 1111 1111 1111 expires soon.";
        String masked = masker.mask(text, request);
        assertThat(masked).isEqualTo("Mail [EMAIL_1] or call [PHONE_1]; card [CARD_1] expires soon.");
        assertThat(request.count()).isEqualTo(3);
        assertThat(request.restore(masked)).isEqualTo(text);
    }

    @Test
    void theSameValueGetsTheSamePlaceholderAcrossTexts() {
        PiiMasker.Masked request = masker.newRequest();
        assertThat(masker.mask("from a@b.io", request)).isEqualTo("from [EMAIL_1]");
        assertThat(masker.mask("to c@d.io, cc a@b.io", request)).isEqualTo("to [EMAIL_2], cc [EMAIL_1]");
    }

    @Test
    void leavesNumbersThatAreNotPersonalData() {
        PiiMasker.Masked request = masker.newRequest();
        String text = "Order 1234 of 2026-03-01 costs 1,299.00 EUR; ref 4111 1111 1111 1112.";
        assertThat(masker.mask(text, request)).isEqualTo(text);
        assertThat(request.isEmpty()).isTrue();
    }

    @Test
    void restoresPlaceholdersSplitAcrossStreamedTokens() {
        PiiMasker.Masked request = masker.newRequest();
        masker.mask("write to jane@example.com", request);
        StreamingRestorer restorer = new StreamingRestorer(request);
        List<String> shown = new ArrayList<>();
        for (String token : List.of("Please ", "write to [", "EMA", "IL_1", "] today [", "not a placeholder for sure")) {
            shown.add(restorer.accept(token));
        }
        shown.add(restorer.flush());
        assertThat(String.join("", shown))
                .isEqualTo("Please write to jane@example.com today [not a placeholder for sure");
        assertThat(shown.get(2)).isEmpty();
    }

    @Test
    void luhnDecidesCards() {
        assertThat(PiiMasker.passesLuhn("4111111111111111")).isTrue();
        assertThat(PiiMasker.passesLuhn("4111111111111112")).isFalse();
    }
}
