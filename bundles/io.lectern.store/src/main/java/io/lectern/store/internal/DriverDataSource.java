package io.lectern.store.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

/** Opens connections straight from a driver instance: no DriverManager, no class loading by name. */
final class DriverDataSource implements DataSource {

    private final Driver driver;
    private final String url;
    private final String user;
    private final String password;

    DriverDataSource(Driver driver, String url, String user, String password) {
        this.driver = driver;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username);
        props.setProperty("password", pass);
        Connection c = driver.connect(url, props);
        if (c == null) {
            throw new SQLException("the " + driver.getClass().getName() + " driver does not accept " + DatabaseTarget.safe(url), "08001");
        }
        return c;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Nothing to do: the driver logs through its own logger.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // Nothing to do: the pool sets connection timeouts.
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
