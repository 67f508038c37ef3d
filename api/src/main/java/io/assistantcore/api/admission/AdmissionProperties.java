package io.assistantcore.api.admission;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How many writes (POST, PUT, PATCH, DELETE under {@code /api/}) one node works on at once, and how long a write may
 * wait for its turn before it is refused with 503 and {@code Retry-After}. See docs/configuration.md.
 *
 * @param maxConcurrentWrites writes handled at once on this node; more wait
 * @param maxWait             how long a write waits for its turn
 * @param retryAfter          what a refused client is told to wait before trying again
 */
@ConfigurationProperties("assistant.admission")
public record AdmissionProperties(@DefaultValue("32") int maxConcurrentWrites,
                                  @DefaultValue("PT5S") Duration maxWait,
                                  @DefaultValue("PT1S") Duration retryAfter) {
}
