package io.assistantcore.messages.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text a person entered or that was generated from it (original texts, suggestions, context, instructions). In
 * stored events it is encrypted with the data key of the event's {@link DataSubject data subject}; when that key is
 * destroyed (the person is forgotten) it reads as {@link #FORGOTTEN} everywhere. On a component whose type is a record
 * or a list of records, the annotated components inside are the personal ones.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalData {

    /** What a personal text reads as once its owner's key is destroyed. */
    String FORGOTTEN = "[forgotten]";

    /** What a {@link #credential() credential} reads as to anyone reading stored events. */
    String WITHHELD = "[secret]";

    /**
     * A credential (a signing secret): sealed in stored events like every personal text, opened for the handlers that
     * need it, but never shown to people reading stored events (the audit export shows {@link #WITHHELD}).
     */
    boolean credential() default false;
}
