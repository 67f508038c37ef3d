package io.assistantcore.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.assistantcore.api.audit.AuditRefusals;
import io.assistantcore.api.config.AssistantProperties;
import io.assistantcore.api.web.Problems;
import io.assistantcore.messages.common.Role;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

import javax.crypto.SecretKey;
import java.time.Clock;

/**
 * Bearer-token security for the whole API. Tokens are checked against the configured identity provider
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}) or, when none is configured,
 * against the platform's own HS256 key.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    public ProblemSecurityHandlers problemSecurityHandlers(Problems problems, ObjectMapper objectMapper,
                                                           AuditRefusals refusals) {
        return new ProblemSecurityHandlers(problems, objectMapper, refusals);
    }

    /**
     * No Micrometer observations of Spring Security's own filters, authentications and authorisations unless
     * {@code management.observations.enable.spring.security} is {@code true}: each request would start one per
     * security filter (a timer and, with tracing on, a span each) — measured as a few percent of the request threads'
     * CPU. Switching them off by that property alone was not enough: the filters stayed wrapped and each wrapper still
     * made a no-op observation; with these settings Spring Security does not wrap them at all. The request itself
     * stays observed ({@code http.server.requests} and its span), and so do refusals (audit, {@code assistant.*}
     * metrics).
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings(
            @Value("${management.observations.enable.spring.security:false}") boolean observed) {
        return observed ? SecurityObservationSettings.withDefaults().build() : SecurityObservationSettings.noObservations();
    }

    @Bean
    public SecurityFilterChain apiSecurity(HttpSecurity http, QueryGateway queryGateway,
                                           ProblemSecurityHandlers handlers) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        // streamed responses finish on async dispatches of an already authorised request
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        // metrics and whatever else is exposed describe every tenant: platform administrators only
                        .requestMatchers("/actuator", "/actuator/**").hasRole(Role.PLATFORM_ADMIN.name())
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/dev/tokens").permitAll()
                        // the platform's own web page: static files, no data; everything it shows comes from the API
                        .requestMatchers(HttpMethod.GET, WebPage.PATHS).permitAll()
                        .requestMatchers("/error").permitAll()
                        // CRMs authenticate inbound webhooks by their signature (InboundWebhookController)
                        .requestMatchers(HttpMethod.POST, "/api/v1/webhooks/inbound/**").permitAll()
                        // generated images open by their signed, expiring link (ImageController)
                        .requestMatchers(HttpMethod.GET, "/api/v1/images/*").permitAll()
                        .anyRequest().authenticated())
                .headers(headers -> headers.addHeaderWriter(WebPage.contentSecurityPolicy()))
                // tenant API keys (ack_…) have their own path; every other bearer token is a JWT
                .addFilterBefore(new ApiKeyAuthenticationFilter(queryGateway, handlers),
                        BearerTokenAuthenticationFilter.class)
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(bearerTokens())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new CallerAuthenticationConverter(queryGateway)))
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .build();
    }

    /**
     * Tokens come in the Authorization header; only the WebSocket handshake may carry one as {@code access_token}
     * query parameter, because browsers cannot set headers on it (tokens in URLs end up in logs elsewhere).
     */
    static BearerTokenResolver bearerTokens() {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();
        headerOrQuery.setAllowUriQueryParameter(true);
        return request -> {
            String token = "/ws".equals(request.getRequestURI()) ? headerOrQuery.resolve(request)
                    : header.resolve(request);
            // API keys are authenticated by ApiKeyAuthenticationFilter, never parsed as JWTs
            return token != null && token.startsWith(ApiKeys.PREFIX) ? null : token;
        };
    }

    /**
     * The node's JWT decoder — the local one below or an identity provider's from Spring Boot — remembers the tokens
     * it accepted ({@link CachingJwtDecoder}, {@code assistant.security.jwt-cache.*}).
     */
    @Bean
    static BeanPostProcessor cachingJwtDecoder(ObjectProvider<AssistantProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)) {
                    AssistantProperties.JwtCache cache = properties.getObject().security().jwtCache();
                    if (cache.maxEntries() > 0) {
                        return new CachingJwtDecoder(decoder, cache.maxEntries(), cache.ttl(), Clock.systemUTC());
                    }
                }
                return bean;
            }
        };
    }

    /** Beans for tokens the platform signs itself; absent when an identity provider is configured. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(LocalTokensCondition.class)
    static class LocalTokens {

        @Bean
        public SecretKey localSigningKey(AssistantProperties properties) {
            return LocalSigningKey.load(properties.security());
        }

        @Bean
        public JwtDecoder jwtDecoder(SecretKey localSigningKey) {
            return NimbusJwtDecoder.withSecretKey(localSigningKey).macAlgorithm(MacAlgorithm.HS256).build();
        }

        @Bean
        public JwtEncoder jwtEncoder(SecretKey localSigningKey) {
            return new NimbusJwtEncoder(new ImmutableSecret<>(localSigningKey));
        }
    }
}
