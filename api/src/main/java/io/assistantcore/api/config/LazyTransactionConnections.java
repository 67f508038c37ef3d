package io.assistantcore.api.config;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * Transactions take a pooled connection at their first statement, not when they begin. Axon begins a command's
 * transaction before the aggregate's lock is taken, so without this every command waiting for a busy aggregate (a
 * tenant's budget ledger under load) holds a connection while it waits: a few dozen concurrent requests then empty
 * the pool, and the projections and every other request starve with them.
 */
@Component
class LazyTransactionConnections implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !(bean instanceof LazyConnectionDataSourceProxy)
                && "dataSource".equals(beanName)) {
            return new LazyConnectionDataSourceProxy(dataSource);
        }
        return bean;
    }
}
