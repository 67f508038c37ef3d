package io.assistantcore.platform.deadletter;

import java.util.Set;

/**
 * Processing groups that set a poison event aside in a dead-letter queue instead of retrying it for ever; the module
 * that owns the processors declares them as a bean. Only processors whose handling may be retried later belong here
 * (read-model builders, the budget settlement; see {@link DeadLetterConfiguration}).
 */
public record DeadLetteringGroups(Set<String> processingGroups) {
}
