package io.assistantcore.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Assembles every module into one Spring Boot application. */
@SpringBootApplication(scanBasePackages = "io.assistantcore")
@ConfigurationPropertiesScan("io.assistantcore")
public class AssistantCoreApplication {

    static {
        // Axon asks its vendor for updates at start-up; a self-hosted platform must not phone home unasked.
        if (System.getProperty("axoniq.update-checker.disabled") == null
                && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(AssistantCoreApplication.class, args);
    }
}
