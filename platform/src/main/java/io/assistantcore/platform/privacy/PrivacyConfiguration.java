package io.assistantcore.platform.privacy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/** Crypto-shredding: data keys, and the event serializer that encrypts personal data with them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PrivacyConfiguration.PrivacyProperties.class)
public class PrivacyConfiguration {

    /**
     * @param masterKey base64 of 32 random bytes that wrap every stored data key (recommended in production; keep it
     *                  outside the database, e.g. in a secret store); empty: keys are stored unwrapped
     * @param keyCacheTtl how long a node keeps data keys in memory (a destroyed key stays usable on other nodes for
     *                  at most this long)
     */
    @ConfigurationProperties("assistant.privacy")
    public record PrivacyProperties(@DefaultValue("") String masterKey, @DefaultValue("PT10S") Duration keyCacheTtl) {
    }

    /** Works on JSON trees with exact decimals, so amounts in events keep their scale. */
    private static ObjectMapper treeMapper() {
        return new ObjectMapper()
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    @Bean
    public DataKeyStore dataKeyStore(DataSource dataSource, PrivacyProperties properties) {
        byte[] master = null;
        if (!properties.masterKey().isBlank()) {
            try {
                master = Base64.getDecoder().decode(properties.masterKey().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("assistant.privacy.master-key must be base64 (of 32 random bytes, "
                        + "e.g. `openssl rand -base64 32`)", e);
            }
        }
        return new DataKeyStore(dataSource, keyWriteConnections(dataSource), master, properties.keyCacheTtl(),
                Clock.systemUTC());
    }

    /**
     * Two connections of their own for committing new data keys (see {@link DataKeyStore}), to the same database as
     * the application's pool; that pool itself when it is not a Hikari pool whose settings can be copied.
     */
    private static DataSource keyWriteConnections(DataSource dataSource) {
        try {
            if (!dataSource.isWrapperFor(HikariDataSource.class)) {
                return dataSource;
            }
            HikariDataSource main = dataSource.unwrap(HikariDataSource.class);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(main.getJdbcUrl());
            config.setUsername(main.getUsername());
            config.setPassword(main.getPassword());
            config.setDataSourceProperties(main.getDataSourceProperties());
            config.setPoolName("data-key-writes");
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(0);
            config.setIdleTimeout(30_000);
            config.setInitializationFailTimeout(-1);
            return new HikariDataSource(config);
        } catch (java.sql.SQLException e) {
            return dataSource;
        }
    }

    @Bean
    public PersonalDataProtection personalDataProtection(DataKeyStore dataKeyStore, JdbcTemplate jdbc) {
        return new PersonalDataProtection(dataKeyStore, jdbc, treeMapper());
    }

    /** Seals a tenant's secrets kept outside the event store under the tenant's key for secrets. */
    @Bean
    public SecretsAtRest secretsAtRest(DataKeyStore dataKeyStore) {
        return new SecretsAtRest(dataKeyStore);
    }

    /** Replaces Axon's event serializer (same Jackson serializer inside). */
    @Bean
    @Qualifier("eventSerializer")
    public PersonalDataSerializer eventSerializer(@Qualifier("messageSerializer") Serializer messageSerializer,
                                                  PersonalDataProtection protection) {
        return new PersonalDataSerializer(messageSerializer, protection, treeMapper());
    }
}
