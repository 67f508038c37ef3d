package io.assistantcore.api.stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream's client as tests see it: every event sent, with its id, type and data, and whether the stream ended. */
public final class RecordingSink implements StreamSink {

    public record Sent(String type, StreamPosition position, Map<String, Object> data) {
    }

    public final List<Sent> sent = new CopyOnWriteArrayList<>();
    public final BlockingQueue<Sent> arrivals = new LinkedBlockingQueue<>();
    public final CountDownLatch closed = new CountDownLatch(1);
    public final List<String> interruptions = new CopyOnWriteArrayList<>();

    @Override
    public boolean send(String type, StreamPosition position, Map<String, Object> data) {
        Sent event = new Sent(type, position, data);
        sent.add(event);
        arrivals.add(event);
        return true;
    }

    @Override
    public boolean interrupted(String reason, long retryMillis) {
        interruptions.add(reason + "@" + retryMillis);
        return true;
    }

    @Override
    public boolean heartbeat() {
        return true;
    }

    @Override
    public void close() {
        closed.countDown();
    }

    public void awaitEvents(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            assertThat(arrivals.poll(30, TimeUnit.SECONDS)).as("event " + (i + 1)).isNotNull();
        }
    }

    public void awaitClosed() throws InterruptedException {
        assertThat(closed.await(30, TimeUnit.SECONDS)).as("the stream ended").isTrue();
    }

    public List<String> ids() {
        return sent.stream().map(s -> s.position().id()).toList();
    }

    public List<StreamPosition> positions() {
        return sent.stream().map(Sent::position).toList();
    }

    public List<String> types() {
        return sent.stream().map(Sent::type).toList();
    }

    public String texts() {
        StringBuilder text = new StringBuilder();
        sent.stream().filter(s -> s.type().equals("token")).forEach(s -> text.append(s.data().get("text")));
        return text.toString();
    }
}
