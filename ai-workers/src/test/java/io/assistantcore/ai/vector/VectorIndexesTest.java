package io.assistantcore.ai.vector;

import io.assistantcore.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class VectorIndexesTest {

    @Test
    void choosesTheTableWithoutTheVectorExtension() throws SQLException {
        PGSimpleDataSource plain = TableVectorIndexTest.dataSource(TestDatabase.freshDatabase());
        try (Connection connection = plain.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")) {
            rows.next();
            org.junit.jupiter.api.Assumptions.assumeTrue(rows.getInt(1) == 0,
                    "the test PostgreSQL (" + TestDatabase.source() + ") has the vector extension");
        }

        VectorIndex index = VectorIndexes.create(plain, 4);

        assertThat(index).isInstanceOf(TableVectorIndex.class);
        assertThat(index.kind()).isEqualTo("table (exact search in the JVM)");
        assertThat(VectorIndexes.choose(plain).reason()).contains("no vector extension");
    }

    @Test
    void leavesNoFailedTransactionBehindOnAConnectionWithoutAutoCommit() throws SQLException {
        PGSimpleDataSource plain = TableVectorIndexTest.dataSource(TestDatabase.freshDatabase());
        try (Connection connection = plain.getConnection()) {
            connection.setAutoCommit(false);
            DataSource single = new SingleConnection(connection);

            VectorIndexes.Choice choice = VectorIndexes.choose(single);

            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT 42")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
            connection.commit();
            assertThat(choice.reason()).isNotBlank();
        }
    }

    @Test
    void choosesPgvectorWhereTheDatabaseHasIt() {
        DataSource pgvector = PgVectorTestDatabase.dataSource();

        VectorIndex index = VectorIndexes.create(pgvector, 4);

        assertThat(index).isInstanceOf(PgVectorIndex.class);
        assertThat(index.kind()).isEqualTo("pgvector");
        assertThat(VectorIndexes.choose(pgvector).reason()).startsWith("extension vector ");
    }

    /** Hands out one connection and leaves it open, so the test can look at it afterwards. */
    private record SingleConnection(Connection connection) implements DataSource {

        @Override
        public Connection getConnection() {
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
