package io.assistantcore.command;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loaded aggregates stay in memory between commands, so a hot aggregate (a tenant's budget ledger, which every AI
 * request reserves from and settles to; a session with many suggestions) is not rebuilt from its events for every
 * command (a long conversation, which every message and every step of its reply loads). Entries are weakly held: memory pressure evicts them and the next command loads from the store again.
 * <p>
 * With several nodes a cached aggregate may be stale; its next append then collides with the other node's events on
 * the unique (aggregate id, sequence) key, the unit of work rolls back, Axon evicts the entry, and the command gateway
 * retries on fresh state — so a stale cache can cost a retry, never a wrong decision.
 */
@Configuration(proxyBeanMethods = false)
public class AggregateCaches {

    public static final String ASSIST_SESSIONS = "assistSessionCache";
    public static final String BUDGET_LEDGERS = "budgetLedgerCache";
    public static final String TENANTS = "tenantCache";
    public static final String PRICE_LISTS = "priceListCache";
    public static final String CONVERSATIONS = "conversationCache";

    @Bean(ASSIST_SESSIONS)
    public Cache assistSessionCache() {
        return new WeakReferenceCache();
    }

    @Bean(BUDGET_LEDGERS)
    public Cache budgetLedgerCache() {
        return new WeakReferenceCache();
    }

    @Bean(TENANTS)
    public Cache tenantCache() {
        return new WeakReferenceCache();
    }

    @Bean(PRICE_LISTS)
    public Cache priceListCache() {
        return new WeakReferenceCache();
    }

    @Bean(CONVERSATIONS)
    public Cache conversationCache() {
        return new WeakReferenceCache();
    }
}
