package io.assistantcore.api.web;

import io.assistantcore.api.security.CurrentCaller;
import io.assistantcore.messages.common.MetaDataKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.context.annotation.Configuration;
import org.springframework.lang.NonNull;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the caller's tenant and user into the log context of each request (never prompts or personal text). */
@Configuration(proxyBeanMethods = false)
public class CallerLogContext implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(@NonNull InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(@NonNull HttpServletRequest request, @NonNull HttpServletResponse response,
                             @NonNull Object handler) {
        CurrentCaller.get().ifPresent(caller -> {
            MDC.put(MetaDataKeys.USER_ID, caller.userId());
            if (caller.tenantId() != null) {
                MDC.put(MetaDataKeys.TENANT_ID, caller.tenantId());
            }
        });
        return true;
    }

    @Override
    public void afterCompletion(@NonNull HttpServletRequest request, @NonNull HttpServletResponse response,
                                @NonNull Object handler, Exception failure) {
        MDC.remove(MetaDataKeys.USER_ID);
        MDC.remove(MetaDataKeys.TENANT_ID);
    }
}
