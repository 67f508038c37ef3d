package io.assistantcore.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.stream.StreamKind;
import io.assistantcore.api.stream.StreamLimits;
import io.assistantcore.api.stream.StreamMeters;
import io.assistantcore.api.stream.StreamWebSocketHandler;
import io.assistantcore.api.web.input.StrictJsonConfiguration;
import io.assistantcore.platform.stream.LiveStreamFeed;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

import java.util.List;
import java.util.concurrent.ExecutorService;

/** The WebSocket endpoint {@code /ws}; its handshake is authenticated like any request (see SecurityConfiguration). */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class WebSocketConfiguration implements WebSocketConfigurer {

    private final StreamWebSocketHandler handler;

    WebSocketConfiguration(List<StreamKind> kinds, LiveStreamFeed feed, ExecutorService streamExecutor,
                           ObjectMapper objectMapper, StreamLimits streamLimits, StreamMeters streamMeters,
                           Jackson2ObjectMapperBuilder jsonBuilder) {
        // client messages are read as strictly as request bodies; events are written with the application's mapper
        this.handler = new StreamWebSocketHandler(kinds, feed, streamExecutor, objectMapper,
                StrictJsonConfiguration.strict(jsonBuilder), streamLimits, streamMeters);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws").setAllowedOriginPatterns("*");
    }
}
