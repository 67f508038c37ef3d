package io.assistantcore.platform.toolsecret;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.assistantcore.platform.privacy.DataKeyStore;

import javax.sql.DataSource;
import java.time.Clock;

@Configuration(proxyBeanMethods = false)
public class ToolSecretConfiguration {

    @Bean
    public ToolSecrets toolSecrets(DataSource dataSource, DataKeyStore dataKeyStore) {
        return new ToolSecrets(dataSource, dataKeyStore, Clock.systemUTC());
    }
}
