package io.assistantcore.api.web.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.web.Problems;
import org.apache.catalina.Container;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Every answer the platform gives is Problem Details, including those given before a controller runs: the
 * servlet container's own error reports, Spring Security's firewall, the error page, and the request size limit.
 */
@Configuration(proxyBeanMethods = false)
public class ErrorResponsesConfiguration {

    @Bean
    public StatusProblems statusProblems(Problems problems, ObjectMapper objectMapper) {
        return new StatusProblems(problems, objectMapper);
    }

    @Bean
    public ProblemRequestRejectedHandler problemRequestRejectedHandler(StatusProblems problems) {
        return new ProblemRequestRejectedHandler(problems);
    }

    /**
     * Tomcat's host reports errors it finds itself (an encoded '/' or NUL in the path, oversized headers) through
     * its error report valve: ours is installed in its place, so the host does not add the HTML one.
     */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(StatusProblems problems) {
        return factory -> factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                host.getPipeline().addValve(new ProblemErrorReportValve(problems));
            }
        });
    }

    @Bean
    public FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(
            @Value("${assistant.http.max-request-body:2MB}") DataSize maxRequestBody,
            @Value("${assistant.knowledge.max-file-size:20MB}") DataSize maxFileSize, StatusProblems problems) {
        // an upload may be as large as a file may be, plus room for the multipart envelope
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(maxRequestBody.toBytes(), problems, "/api/v1/files",
                        Math.max(maxRequestBody.toBytes(), maxFileSize.toBytes() + 64 * 1024)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** A control character in a query parameter is a 400 naming the parameter ({@link QueryParameterFilter}). */
    @Bean
    public FilterRegistrationBean<QueryParameterFilter> queryParameters(StatusProblems problems) {
        FilterRegistrationBean<QueryParameterFilter> registration =
                new FilterRegistrationBean<>(new QueryParameterFilter(problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }
}
