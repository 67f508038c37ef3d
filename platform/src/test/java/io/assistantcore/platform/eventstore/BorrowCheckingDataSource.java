package io.assistantcore.platform.eventstore;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only wrapper of a connection pool that records every misuse of a borrowed connection: a call (a second
 * {@code close()} included) after the connection went back to the pool, a call from another thread than the one that
 * borrowed it, and a statement used or closed after its connection went back. Each of these reaches the pool entry
 * that another borrower may hold by then: Hikari keeps the open statements of a pooled connection in one list per
 * pool entry, not per borrow, and that list is not thread-safe.
 */
final class BorrowCheckingDataSource extends DelegatingDataSource {

    /** Methods any thread may call, and that touch nothing of the pool entry. */
    private static final Set<String> HARMLESS = Set.of("toString", "hashCode", "equals", "isClosed");

    private final List<String> misuses = new CopyOnWriteArrayList<>();
    private final AtomicLong borrows = new AtomicLong();

    BorrowCheckingDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return borrowed(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return borrowed(super.getConnection(username, password));
    }

    /** What went wrong so far, one line each (empty when nothing did). */
    List<String> misuses() {
        return List.copyOf(misuses);
    }

    private Connection borrowed(Connection connection) {
        Borrow borrow = new Borrow(borrows.incrementAndGet(), connection, Thread.currentThread());
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                borrow);
    }

    private final class Borrow implements InvocationHandler {

        private final long id;
        private final Connection target;
        private final Thread owner;
        private volatile boolean returned;

        Borrow(long id, Connection target, Thread owner) {
            this.id = id;
            this.target = target;
            this.owner = owner;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (!HARMLESS.contains(name)) {
                if (returned) {
                    misuses.add("connection " + id + ": " + name + "() after it went back to the pool, on "
                            + Thread.currentThread().getName());
                } else if (Thread.currentThread() != owner) {
                    misuses.add("connection " + id + ": " + name + "() on " + Thread.currentThread().getName()
                            + ", borrowed by " + owner.getName());
                }
            }
            Object result = call(target, method, args);
            if (name.equals("close")) {
                returned = true;
            }
            if (result instanceof Statement statement) {
                return statement(statement);
            }
            return result;
        }

        private Object statement(Statement statement) {
            Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
                    : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type},
                    (proxy, method, args) -> {
                        String name = method.getName();
                        if (returned && !HARMLESS.contains(name)) {
                            misuses.add("statement of connection " + id + ": " + name
                                    + "() after the connection went back to the pool, on "
                                    + Thread.currentThread().getName());
                        }
                        return call(statement, method, args);
                    });
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
