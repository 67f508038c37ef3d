package io.assistantcore.platform.files;

import io.assistantcore.platform.privacy.DataKeyStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/** The encrypted store of uploaded files. */
@Configuration(proxyBeanMethods = false)
public class FileStoreConfiguration {

    @Bean
    public EncryptedFileStore encryptedFileStore(DataKeyStore keys, DataSource dataSource) {
        return new EncryptedFileStore(keys, new JdbcTemplate(dataSource));
    }
}
