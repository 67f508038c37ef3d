package io.assistantcore.messages.lead;

import java.math.BigDecimal;

/** A stated budget: an amount in an ISO 4217 currency (null currency: the lead named none). */
public record Budget(BigDecimal amount, String currency) {
}
