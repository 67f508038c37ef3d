package io.assistantcore.messages.common;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An amount of money in an ISO 4217 currency. Two amounts are equal when they are the same number in the same
 * currency, whatever their scale (10.0 USD equals 10.00 USD).
 */
public record Money(BigDecimal amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /**
     * Two costs as one charge: a null or zero one adds nothing. Amounts in different currencies cannot be summed (a
     * ledger is kept in one currency): then {@code cost} is charged and {@code unbilled} is given {@code other}.
     */
    public static Money sum(Money cost, Money other, Consumer<Money> unbilled) {
        if (other == null || other.amount.signum() == 0) {
            return cost == null ? other : cost;
        }
        if (cost == null || cost.amount.signum() == 0) {
            return other;
        }
        if (!cost.currency.equals(other.currency)) {
            unbilled.accept(other);
            return cost;
        }
        return cost.plus(other);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public boolean isGreaterThan(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount) > 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Money that && currency.equals(that.currency) && amount.compareTo(that.amount) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * currency.hashCode() + amount.stripTrailingZeros().hashCode();
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }
}
