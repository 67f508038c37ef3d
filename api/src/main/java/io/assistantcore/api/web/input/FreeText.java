package io.assistantcore.api.web.input;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request field as text a person writes: it may contain tab, line feed and carriage return. Every other
 * string field of a request refuses all control characters (see {@link ControlCharacterFreeStrings}).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface FreeText {
}
