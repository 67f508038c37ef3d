package io.assistantcore.api.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseEnvironmentPostProcessorTest {

    private final DatabaseEnvironmentPostProcessor processor = new DatabaseEnvironmentPostProcessor();

    private MockEnvironment process(MockEnvironment environment) {
        processor.postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void nothingConfiguredMeansEmbedded() {
        assertThat(EmbeddedDatabaseCondition.isEmbedded(process(new MockEnvironment()))).isTrue();
    }

    @Test
    void springDatasourceUrlMeansExternal() {
        MockEnvironment environment = process(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/app"));
        assertThat(EmbeddedDatabaseCondition.isEmbedded(environment)).isFalse();
    }

    @Test
    void hostingStyleDatabaseUrlBecomesJdbcSettings() {
        MockEnvironment environment = process(new MockEnvironment()
                .withProperty("DATABASE_URL", "postgres://app:s%40cret@db.internal:6543/assistant?sslmode=require"));
        assertThat(environment.getProperty("spring.datasource.url"))
                .isEqualTo("jdbc:postgresql://db.internal:6543/assistant?sslmode=require");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("app");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("s@cret");
        assertThat(EmbeddedDatabaseCondition.isEmbedded(environment)).isFalse();
    }

    @Test
    void jdbcDatabaseUrlIsUsedAsIs() {
        MockEnvironment environment = process(new MockEnvironment()
                .withProperty("DATABASE_URL", "jdbc:postgresql://127.0.0.1/assistant"));
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://127.0.0.1/assistant");
    }

    @Test
    void explicitDatasourceSettingsWinOverDatabaseUrl() {
        MockEnvironment environment = process(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://primary/app")
                .withProperty("DATABASE_URL", "postgres://other/db"));
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://primary/app");
    }

    @Test
    void otherSchemesAreRefusedWithAHint() {
        assertThatThrownBy(() -> process(new MockEnvironment().withProperty("DATABASE_URL", "mysql://x/y")))
                .hasMessageContaining("postgres://");
    }

    @Test
    void startupReportHidesCredentials() {
        assertThat(StartupReport.withoutCredentials("jdbc:postgresql://u:p@h/db?user=x&password=secret"))
                .isEqualTo("jdbc:postgresql://***@h/db?user=x&password=***");
    }
}
