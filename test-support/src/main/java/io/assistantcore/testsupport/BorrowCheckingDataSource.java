package io.assistantcore.testsupport;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A test-only wrapper of a connection pool that records every misuse of a borrowed connection: a call (a second
 * {@code close()} included) after the connection went back to the pool, a call from another thread than the one that
 * borrowed it, and a statement used or closed after its connection went back. Each of these reaches the pool entry
 * that another borrower may hold by then: Hikari keeps the open statements of a pooled connection in one list per
 * pool entry, not per borrow, and that list is not thread-safe.
 */
public final class BorrowCheckingDataSource implements DataSource {

    /** The most misuses kept as lines; all are counted. */
    private static final int KEPT = 200;
    /** Methods any thread may call, and that touch nothing of the pool entry. */
    private static final Set<String> HARMLESS = Set.of("toString", "hashCode", "equals", "isClosed");

    private final List<String> misuses = new CopyOnWriteArrayList<>();
    private final AtomicLong misuseCount = new AtomicLong();
    private final AtomicLong borrows = new AtomicLong();

    private final DataSource pool;

    public BorrowCheckingDataSource(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return borrowed(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return borrowed(pool.getConnection(username, password));
    }

    /** What went wrong so far, one line each (empty when nothing did). */
    public List<String> misuses() {
        return List.copyOf(misuses);
    }

    /** How many misuses there were (more than {@link #misuses()} holds when there were many). */
    public long misuseCount() {
        return misuseCount.get();
    }

    /** How many connections were borrowed through this wrapper. */
    public long borrows() {
        return borrows.get();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    /** Unwraps to the pool (or what the pool unwraps to), so code that asks for Hikari still finds it. */
    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : type.isInstance(pool) ? type.cast(pool) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || type.isInstance(pool) || pool.isWrapperFor(type);
    }

    private void misuse(String line) {
        if (misuseCount.incrementAndGet() <= KEPT) {
            misuses.add(line);
        }
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
                    misuse("connection " + id + ": " + name + "() after it went back to the pool, on "
                            + Thread.currentThread().getName());
                } else if (Thread.currentThread() != owner) {
                    misuse("connection " + id + ": " + name + "() on " + Thread.currentThread().getName()
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
                            misuse("statement of connection " + id + ": " + name
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
