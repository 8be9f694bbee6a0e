package dev.weft.spi.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.Map;

/**
 * Wraps a pooled read connection so that {@code prepareStatement(sql)} returns a statement
 * prepared once per connection, whose {@code close()} leaves it open for the next read. Reads
 * keep their ordinary try-with-resources shape; only the parsing and planning is saved, which
 * on SQLite is most of the cost of a small query. Everything else goes to the real connection;
 * closing the connection closes the cached statements.
 */
final class StatementCache implements InvocationHandler {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  private StatementCache(Connection connection) {
    this.connection = connection;
  }

  static Connection wrap(Connection connection) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new StatementCache(connection));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("prepareStatement") && args != null && args.length == 1
        && args[0] instanceof String sql) {
      PreparedStatement ps = statements.get(sql);
      if (ps == null || ps.isClosed()) {
        ps = connection.prepareStatement(sql);
        statements.put(sql, ps);
      }
      return keepOpen(ps);
    }
    if (method.getName().equals("close") && (args == null || args.length == 0)) {
      for (PreparedStatement ps : statements.values()) {
        ps.close();
      }
      statements.clear();
    }
    try {
      return method.invoke(connection, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The statement, with close() turned into "ready for the next use". */
  private static PreparedStatement keepOpen(PreparedStatement ps) {
    return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
          if (m.getName().equals("close") && (a == null || a.length == 0)) {
            return null;
          }
          try {
            return m.invoke(ps, a);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
