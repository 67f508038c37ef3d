package io.assistantcore.api.observability;

import io.assistantcore.messages.common.MetaDataKeys;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Stamps every message dispatched within a span with that span's W3C trace context ({@code traceparent}) and its
 * trace id ({@code traceId}). The correlation data providers carry both onto every event the message causes, so a
 * worker continues the request's trace across the asynchronous hop, and every stored event — and so every audit
 * record — names the trace it belongs to. Without a current span (tracing off, a background thread) messages keep
 * what they carry.
 */
public class TraceMetaDataInterceptor implements MessageDispatchInterceptor<Message<?>> {

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceMetaDataInterceptor(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public BiFunction<Integer, Message<?>, Message<?>> handle(List<? extends Message<?>> messages) {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return (index, message) -> message;
        }
        Map<String, String> context = new HashMap<>(4);
        propagator.inject(span.context(), context, (carrier, key, value) -> {
            if (carrier != null && MetaDataKeys.TRACE_PARENT.equals(key)) {
                carrier.put(key, value);
            }
        });
        context.put(MetaDataKeys.TRACE_ID, span.context().traceId());
        return (index, message) -> message.andMetaData(context);
    }
}
