package io.assistantcore.platform.deadletter;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Set;

/**
 * Runs each event handler of a dead-lettering projection in a savepoint of the batch's transaction. A statement
 * PostgreSQL refuses aborts the whole transaction; without the savepoint, the dead letter could not be stored in it,
 * nor could the batch's other events or its token: the processor would retry the batch for ever. With it, only the
 * failing handler's writes are undone, and the dead letter, the other events and the token commit together.
 */
class SavepointPerEventHandler implements HandlerEnhancerDefinition {

    private final Set<String> processingGroups;
    private final TransactionTemplate savepoint;

    SavepointPerEventHandler(Set<String> processingGroups, PlatformTransactionManager transactions) {
        this.processingGroups = processingGroups;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class) || !inDeadLetteringGroup(original)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                Exception[] failure = new Exception[1];
                Object result = savepoint.execute(status -> {
                    try {
                        return original.handle(message, target);
                    } catch (Exception e) {
                        failure[0] = e;
                        status.setRollbackOnly();
                        return null;
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
                return result;
            }
        };
    }

    private boolean inDeadLetteringGroup(MessageHandlingMember<?> member) {
        Class<?> declaring;
        try {
            declaring = member.declaringClass();
        } catch (UnsupportedOperationException e) {
            return false;
        }
        ProcessingGroup group = AnnotationUtils.findAnnotation(declaring, ProcessingGroup.class);
        return group != null && processingGroups.contains(group.value());
    }
}
