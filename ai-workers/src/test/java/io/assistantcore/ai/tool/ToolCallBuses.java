package io.assistantcore.ai.tool;

import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real command bus and query bus for the tool workers' tests: every command sent is kept in {@link #sent}, and
 * each command or query type is answered as the aggregate or query side would.
 */
final class ToolCallBuses {

    final List<Object> sent = new CopyOnWriteArrayList<>();
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
    private final SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
    final CommandGateway commands = DefaultCommandGateway.builder().commandBus(commandBus).build();
    final QueryGateway queries = DefaultQueryGateway.builder().queryBus(queryBus).build();

    <C> ToolCallBuses answer(Class<C> type, Function<C, Object> handler) {
        commandBus.subscribe(type.getName(), command -> {
            C payload = type.cast(command.getPayload());
            sent.add(payload);
            return handler.apply(payload);
        });
        return this;
    }

    <Q, R> ToolCallBuses query(Class<Q> type, Class<R> result, Function<Q, R> handler) {
        queryBus.subscribe(type.getName(), result, query -> handler.apply(type.cast(query.getPayload())));
        return this;
    }

    <C> List<C> sent(Class<C> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
