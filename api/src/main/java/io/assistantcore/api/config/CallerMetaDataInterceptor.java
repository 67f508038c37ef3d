package io.assistantcore.api.config;

import io.assistantcore.api.security.CurrentCaller;
import io.assistantcore.api.web.RequestCorrelationFilter;
import io.assistantcore.messages.common.MetaDataKeys;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Stamps every command, query and event dispatched from a request thread with the acting user, their tenant and
 * the request id. Correlation data providers then carry these onto every event the message causes.
 */
@Component
public class CallerMetaDataInterceptor implements MessageDispatchInterceptor<Message<?>> {

    @Override
    public BiFunction<Integer, Message<?>, Message<?>> handle(List<? extends Message<?>> messages) {
        return (index, message) -> {
            Map<String, Object> metaData = new HashMap<>(currentRequest());
            // Values already on the message (set deliberately by the sender) win over the request's.
            metaData.putAll(message.getMetaData());
            return metaData.isEmpty() ? message : message.andMetaData(metaData);
        };
    }

    /** The acting user, their tenant and the request id of the current request thread (what is known of them). */
    public static Map<String, String> currentRequest() {
        Map<String, String> metaData = new HashMap<>();
        CurrentCaller.get().ifPresent(caller -> {
            metaData.put(MetaDataKeys.USER_ID, caller.userId());
            if (caller.tenantId() != null) {
                metaData.put(MetaDataKeys.TENANT_ID, caller.tenantId());
            }
            metaData.put(MetaDataKeys.ROLES, caller.roles().stream().map(Enum::name).sorted()
                    .collect(java.util.stream.Collectors.joining(",")));
        });
        String requestId = MDC.get(RequestCorrelationFilter.MDC_KEY);
        if (requestId != null) {
            metaData.put(MetaDataKeys.REQUEST_ID, requestId);
        }
        return metaData;
    }
}
