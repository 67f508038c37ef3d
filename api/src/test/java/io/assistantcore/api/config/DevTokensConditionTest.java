package io.assistantcore.api.config;

import io.assistantcore.api.security.DevTokensCondition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class DevTokensConditionTest {

    @Configuration(proxyBeanMethods = false)
    static class Probe {
        @Bean
        @Conditional(DevTokensCondition.class)
        String devTokenEndpoint() {
            return "on";
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Probe.class);

    @Test
    void onByDefaultWithTheEmbeddedDatabase() {
        runner.run(context -> assertThat(context).hasBean("devTokenEndpoint"));
    }

    @Test
    void offByDefaultWithAnExternalDatabase() {
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://db/app")
                .run(context -> assertThat(context).doesNotHaveBean("devTokenEndpoint"));
        runner.withPropertyValues("DATABASE_URL=postgres://db/app")
                .run(context -> assertThat(context).doesNotHaveBean("devTokenEndpoint"));
    }

    @Test
    void explicitSettingWins() {
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://db/app", DevTokensCondition.PROPERTY + "=true")
                .run(context -> assertThat(context).hasBean("devTokenEndpoint"));
        runner.withPropertyValues(DevTokensCondition.PROPERTY + "=false")
                .run(context -> assertThat(context).doesNotHaveBean("devTokenEndpoint"));
    }

    @Test
    void neverWithAnIdentityProvider() {
        runner.withPropertyValues(DevTokensCondition.PROPERTY + "=true",
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=https://login.example.com/")
                .run(context -> assertThat(context).doesNotHaveBean("devTokenEndpoint"));
    }
}
