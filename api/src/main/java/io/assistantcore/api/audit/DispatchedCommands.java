package io.assistantcore.api.audit;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Remembers on the request which command it dispatched last, so a refusal of that command can be audited by the
 * command's name. Dispatch interceptors run on the dispatching (request) thread.
 */
@Component
public class DispatchedCommands implements MessageDispatchInterceptor<Message<?>> {

    static final String ATTRIBUTE = DispatchedCommands.class.getName() + ".last";

    @Override
    public BiFunction<Integer, Message<?>, Message<?>> handle(List<? extends Message<?>> messages) {
        return (index, message) -> {
            if (message instanceof CommandMessage<?> command) {
                RequestAttributes request = RequestContextHolder.getRequestAttributes();
                if (request != null) {
                    request.setAttribute(ATTRIBUTE, command.getPayloadType().getSimpleName(),
                            RequestAttributes.SCOPE_REQUEST);
                }
            }
            return message;
        };
    }
}
