package io.assistantcore.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.security.CallerRecheck;
import io.assistantcore.api.stream.StreamKind;
import io.assistantcore.api.stream.StreamLimits;
import io.assistantcore.api.stream.StreamMeters;
import io.assistantcore.api.stream.StreamWebSocketHandler;
import io.assistantcore.api.web.input.StrictJsonConfiguration;
import io.assistantcore.platform.stream.LiveStreamFeed;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The WebSocket endpoint {@code /ws}; its handshake is authenticated like any request (see SecurityConfiguration),
 * and every subscribe checks the caller again ({@link CallerRecheck}). One thread closes connections whose JWT
 * expires.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class WebSocketConfiguration implements WebSocketConfigurer, DisposableBean {

    private final StreamWebSocketHandler handler;
    private final ScheduledThreadPoolExecutor expiries;

    WebSocketConfiguration(List<StreamKind> kinds, LiveStreamFeed feed, ExecutorService streamExecutor,
                           ObjectMapper objectMapper, StreamLimits streamLimits, StreamMeters streamMeters,
                           Jackson2ObjectMapperBuilder jsonBuilder, QueryGateway queryGateway) {
        this.expiries = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "ws-token-expiry");
            thread.setDaemon(true);
            return thread;
        });
        // a connection closed before its token expires takes its scheduled close with it
        expiries.setRemoveOnCancelPolicy(true);
        // client messages are read as strictly as request bodies; events are written with the application's mapper
        this.handler = new StreamWebSocketHandler(kinds, feed, streamExecutor, objectMapper,
                StrictJsonConfiguration.strict(jsonBuilder), streamLimits, streamMeters,
                new CallerRecheck(queryGateway), expiries, Clock.systemUTC());
    }

    @Override
    public void destroy() {
        expiries.shutdownNow();
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws").setAllowedOriginPatterns("*");
    }
}
