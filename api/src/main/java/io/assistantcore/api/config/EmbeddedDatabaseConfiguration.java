package io.assistantcore.api.config;

import com.zaxxer.hikari.HikariDataSource;
import io.assistantcore.embeddedpg.EmbeddedPostgres;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/**
 * The embedded default: a real PostgreSQL started from Maven-shipped binaries, its data under
 * {@code assistant.database.embedded-data-dir} (default {@code data/postgres}) so a restart keeps everything.
 * The pool closes before the server stops because the data source depends on the server bean.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
public class EmbeddedDatabaseConfiguration {

    static final String DATABASE = "assistant";

    @Bean(destroyMethod = "close")
    public EmbeddedPostgres embeddedPostgres(AssistantProperties properties) {
        AssistantProperties.Database database = properties.database();
        EmbeddedPostgres server = EmbeddedPostgres.start(Path.of(database.embeddedDataDir()), database.embeddedPort());
        server.createDatabaseIfMissing(DATABASE);
        return server;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    public HikariDataSource dataSource(EmbeddedPostgres embeddedPostgres) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url(embeddedPostgres.jdbcUrl(DATABASE))
                .username(embeddedPostgres.username())
                .password(embeddedPostgres.password())
                .build();
    }
}
