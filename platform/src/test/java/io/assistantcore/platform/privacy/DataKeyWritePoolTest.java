package io.assistantcore.platform.privacy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DataKeyWritePoolTest {

    @Test
    void theKeyWritePoolIsTheStoresOwnAndClosesWithIt() {
        TestDatabase.Coordinates database = TestDatabase.freshDatabase();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(2);
        try (HikariDataSource application = new HikariDataSource(config)) {
            DataKeyStore store = new PrivacyConfiguration().dataKeyStore(application,
                    new PrivacyConfiguration.PrivacyProperties("", Duration.ofSeconds(10)));

            assertThat(store.keyWrites()).isInstanceOf(HikariDataSource.class).isNotSameAs(application);
            HikariDataSource keyWrites = (HikariDataSource) store.keyWrites();
            assertThat(keyWrites.isClosed()).isFalse();

            store.close();

            assertThat(keyWrites.isClosed()).as("a closed context leaves no key-write pool behind").isTrue();
            assertThat(application.isClosed()).as("the application's pool is its own bean's").isFalse();
        }
    }
}
