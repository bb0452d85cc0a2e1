package dev.openloop.api.json;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request record whose v4 schema sets {@code additionalProperties: false}: the server
 * refuses keys it does not have. v4 closes only the chat and completion request bodies and the model config
 * requests; the objects nested in them (messages, tools, provider keys, ...) stay open, and their
 * unknown keys are ignored.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ClosedSchema {
}
