package io.assistantcore.platform.toolsecret;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;

@Configuration(proxyBeanMethods = false)
public class ToolSecretConfiguration {

    @Bean
    public ToolSecrets toolSecrets(DataSource dataSource) {
        return new ToolSecrets(dataSource, Clock.systemUTC());
    }
}
