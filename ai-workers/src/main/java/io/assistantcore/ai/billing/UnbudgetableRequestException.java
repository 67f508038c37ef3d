package io.assistantcore.ai.billing;

/** A request whose cost cannot be estimated in the budget's currency, so it cannot be reserved. */
public class UnbudgetableRequestException extends RuntimeException {

    public UnbudgetableRequestException(String message) {
        super(message);
    }
}
