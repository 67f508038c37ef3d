package io.assistantcore.platform.eventstore;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.ConnectionWrapperFactory;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connections of Axon's JDBC components (event store, token store, dead-letter queues): the one of the Spring
 * transaction when there is one, each given back at most once, and never after its transaction gave it back.
 * <p>
 * Axon's own {@code SpringDataSourceConnectionProvider} releases a connection through {@code DataSourceUtils} every
 * time it is closed, and its {@link UnitOfWorkAwareConnectionProviderWrapper} closes it when the unit of work is
 * cleaned up — after the unit's transaction has committed (or rolled back), unbound its connection and returned it to
 * the pool. That late release no longer finds the transaction, so it closes the pooled connection a second time. By
 * then another thread may hold the same pool entry, and a second {@code close()} of a Hikari connection still empties
 * that entry's list of open statements ({@code FastList}, not thread-safe, kept per pool entry rather than per
 * borrow): racing with the other borrower's statements, the list's size went to -1, and that borrower and the next
 * one failed with {@code ArrayIndexOutOfBoundsException: Index -1}. Every unit of work that used a connection (each
 * command, each processor batch) did this.
 */
public final class TransactionConnections implements ConnectionProvider {

    private final DataSource dataSource;

    private TransactionConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The provider Axon's JDBC components use: one connection per unit of work, the transaction's. */
    public static ConnectionProvider forUnitsOfWork(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new TransactionConnections(dataSource));
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = DataSourceUtils.doGetConnection(dataSource);
        return ConnectionWrapperFactory.wrap(connection,
                new Release(dataSource, DataSourceUtils.isConnectionTransactional(connection, dataSource)));
    }

    /** Gives one handed-out connection back, once. */
    private static final class Release implements ConnectionWrapperFactory.ConnectionCloseHandler {

        private final DataSource dataSource;
        /** Whether the connection was a transaction's when handed out: then that transaction gives it back. */
        private final boolean transactional;
        private final AtomicBoolean released = new AtomicBoolean();

        Release(DataSource dataSource, boolean transactional) {
            this.dataSource = dataSource;
            this.transactional = transactional;
        }

        @Override
        public void close(Connection connection) {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            if (transactional && !DataSourceUtils.isConnectionTransactional(connection, dataSource)) {
                return; // its transaction has ended (or is suspended) and owns it: not ours to close
            }
            DataSourceUtils.releaseConnection(connection, dataSource);
        }

        @Override
        public void commit(Connection connection) throws SQLException {
            if (!transactional && !DataSourceUtils.isConnectionTransactional(connection, dataSource)) {
                connection.commit();
            }
        }
    }
}
