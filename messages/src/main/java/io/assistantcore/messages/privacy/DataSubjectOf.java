package io.assistantcore.messages.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an aggregate id component: the event's personal data belongs to the {@link DataSubject} named in the first event
 * of that aggregate (e.g. the owner of the assist session that a suggestion event belongs to).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface DataSubjectOf {
}
