package io.assistantcore.api.observability;

import io.assistantcore.api.admission.AiRequestAdmission;
import io.assistantcore.api.web.ApiException;
import io.assistantcore.platform.ratelimit.RateLimitExceededException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Observes the admission of every request that calls a model ({@link AiRequestAdmission#send}) from outside: an
 * observation {@value #OBSERVATION} (a span under the HTTP request's when tracing is on; the command that reaches the
 * worker is sent within it, so the worker's span is its child), the counter {@value #OUTCOMES} by outcome, and the
 * counter {@value #BUDGET_REFUSALS} of requests refused because the tenant's budget could not cover them. Tags are
 * bounded (the outcome, a fixed list); never a tenant, user or text.
 */
final class AdmissionObservation implements BeanPostProcessor {

    static final String OBSERVATION = "assistant.admission";
    static final String OUTCOMES = "assistant.admission.outcomes";
    static final String BUDGET_REFUSALS = "assistant.budget.refusals";

    private final ObjectProvider<ObservationRegistry> observations;
    private final ObjectProvider<MeterRegistry> meters;

    AdmissionObservation(ObjectProvider<ObservationRegistry> observations, ObjectProvider<MeterRegistry> meters) {
        this.observations = observations;
        this.meters = meters;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof AiRequestAdmission)) {
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice(new Observer(observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                meters.getIfAvailable()));
        return proxy.getProxy(bean.getClass().getClassLoader());
    }

    /** The outcome of an admission: admitted, or why not (the problem type of a refusal). */
    static String outcome(Throwable failure) {
        if (failure == null) {
            return "admitted";
        }
        if (failure instanceof RateLimitExceededException) {
            return "rate-limited";
        }
        if (failure instanceof ApiException api && api.type() != null && KNOWN.contains(api.type())) {
            return api.type();
        }
        return "refused";
    }

    private static final java.util.Set<String> KNOWN = java.util.Set.of("budget-exhausted", "unbudgetable-request",
            "overloaded", "rate-limited");

    private static final class Observer implements MethodInterceptor {

        private final ObservationRegistry observations;
        private final MeterRegistry meters;
        private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
        private final Counter budgetRefusals;

        Observer(ObservationRegistry observations, MeterRegistry meters) {
            this.observations = observations;
            this.meters = meters;
            this.budgetRefusals = meters == null ? null : Counter.builder(BUDGET_REFUSALS)
                    .description("Requests refused because the tenant's monthly budget could not cover them")
                    .register(meters);
        }

        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            if (!"send".equals(invocation.getMethod().getName())) {
                return invocation.proceed();
            }
            Observation admission = Observation.createNotStarted(OBSERVATION, observations)
                    .contextualName("admission").start();
            Throwable failure = null;
            try (Observation.Scope ignored = admission.openScope()) {
                return invocation.proceed();
            } catch (Throwable e) {
                failure = e;
                throw e;
            } finally {
                String outcome = outcome(failure);
                admission.lowCardinalityKeyValue("outcome", outcome);
                admission.stop();
                count(outcome);
            }
        }

        private void count(String outcome) {
            if (meters == null) {
                return;
            }
            outcomes.computeIfAbsent(outcome, key -> Counter.builder(OUTCOMES)
                    .description("Admissions of requests that call a model, by outcome")
                    .tag("outcome", key).register(meters)).increment();
            if ("budget-exhausted".equals(outcome)) {
                budgetRefusals.increment();
            }
        }
    }
}
