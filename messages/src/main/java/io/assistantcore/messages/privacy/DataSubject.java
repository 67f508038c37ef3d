package io.assistantcore.messages.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says whose personal data an event holds. On a user id component ({@code userId}), together with a component named
 * {@code tenantId}: that user of that tenant. Events without one name the aggregate whose first event says it with
 * {@link DataSubjectOf}: every event of an assist session holds its owner's data.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface DataSubject {
}
