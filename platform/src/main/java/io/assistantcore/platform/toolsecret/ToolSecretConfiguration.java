package io.assistantcore.platform.toolsecret;

import io.assistantcore.platform.privacy.SecretsAtRest;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;

@Configuration(proxyBeanMethods = false)
public class ToolSecretConfiguration {

    @Bean
    public ToolSecrets toolSecrets(DataSource dataSource, SecretsAtRest secretsAtRest) {
        return new ToolSecrets(dataSource, secretsAtRest, Clock.systemUTC());
    }

    /** Seals the tool secrets an earlier version kept in clear, once the application is up. */
    @Bean
    public ApplicationListener<ApplicationReadyEvent> toolSecretSealing(ToolSecrets toolSecrets) {
        return ready -> toolSecrets.sealClearSecrets();
    }
}
