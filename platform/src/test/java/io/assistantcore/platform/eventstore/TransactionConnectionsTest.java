package io.assistantcore.platform.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.assistantcore.testsupport.TestDatabase;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import io.assistantcore.testsupport.BorrowCheckingDataSource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon's JDBC components (event store, token store, dead-letter queues) take their connection inside a unit of work
 * from {@link TransactionConnections}, on the pool the application uses: Hikari behind a
 * {@link LazyConnectionDataSourceProxy}, with Spring's transactions. A pooled connection must go back to the pool
 * exactly once, by the thread that borrowed it.
 */
class TransactionConnectionsTest {

    private HikariDataSource pool;
    private BorrowCheckingDataSource checked;
    private DataSource dataSource;
    private TransactionManager transactions;
    private ConnectionProvider connections;

    @BeforeEach
    void pool() {
        TestDatabase.Coordinates database = TestDatabase.freshDatabase();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        checked = new BorrowCheckingDataSource(pool);
        dataSource = new LazyConnectionDataSourceProxy(checked);
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        connections = TransactionConnections.forUnitsOfWork(dataSource);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aUnitOfWorksConnectionGoesBackToThePoolOnce() {
        inUnitOfWork(this::selectOne);

        assertThat(checked.misuses()).isEmpty();
    }

    @Test
    void aUnitOfWorkThatRollsBackGivesItsConnectionBackOnce() {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        selectOne();
        unitOfWork.rollback();

        assertThat(checked.misuses()).isEmpty();
    }

    @Test
    void aConnectionTakenOutsideAUnitOfWorkGoesBackOnce() throws Exception {
        transactions.executeInTransaction(this::selectOne);
        selectOne();

        assertThat(checked.misuses()).isEmpty();
    }

    /** Units of work and plain statements on a small pool at once: no connection reaches a second thread. */
    @Test
    void concurrentUnitsOfWorkAndPlainStatementsNeverShareAConnection() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean units = t % 2 == 0;
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        if (units) {
                            inUnitOfWork(this::selectOne);
                        } else {
                            jdbc.queryForObject("SELECT 1", Integer.class);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(checked.misuses()).isEmpty();
    }

    private void inUnitOfWork(Runnable work) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.execute(work);
    }

    /** What Axon's JDBC components do with a connection: a statement, then close (which a unit of work defers). */
    private void selectOne() {
        try (Connection connection = connections.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT 1");
             ResultSet rows = statement.executeQuery()) {
            assertThat(rows.next()).isTrue();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
