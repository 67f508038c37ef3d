package io.assistantcore.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.assistantcore.api.web.input.StrictJsonConfiguration;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import io.assistantcore.api.assist.AssistReadModel;
import io.assistantcore.api.assist.StreamLimits;
import io.assistantcore.api.assist.SuggestionWebSocketHandler;
import io.assistantcore.platform.assist.LiveSuggestionFeed;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

import java.util.concurrent.ExecutorService;

/** The WebSocket endpoint {@code /ws}; its handshake is authenticated like any request (see SecurityConfiguration). */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class WebSocketConfiguration implements WebSocketConfigurer {

    private final SuggestionWebSocketHandler handler;

    WebSocketConfiguration(AssistReadModel history, LiveSuggestionFeed feed, ExecutorService streamExecutor,
                           ObjectMapper objectMapper, StreamLimits streamLimits,
                           Jackson2ObjectMapperBuilder jsonBuilder) {
        // client messages are read as strictly as request bodies; events are written with the application's mapper
        this.handler = new SuggestionWebSocketHandler(history, feed, streamExecutor, objectMapper,
                StrictJsonConfiguration.strict(jsonBuilder), streamLimits);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws").setAllowedOriginPatterns("*");
    }
}
