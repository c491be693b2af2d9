package io.salesrank.loader;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.salesrank.shared.Messages;

/** The advisory lock that serialises publishes and retention; readers never wait on it. */
final class PublishLock {

  private static final Logger LOG = LoggerFactory.getLogger(PublishLock.class);
  /** "salesrnk" in ASCII. */
  private static final long KEY = 0x73616c657372_6e6bL;

  private PublishLock() {
  }

  static void lock(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + KEY + ")");
    }
  }

  /** Takes the lock if it is free; false when another publish holds it. */
  static boolean tryLock(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** Releases the lock; if that fails it ends with the connection. */
  static void unlock(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_unlock(" + KEY + ")");
    } catch (SQLException e) {
      if (Database.connectionLost(e) || Database.isClosed(c)) {
        // The server released it when the session ended; the failure in flight says why.
        LOG.debug("Releasing the publish lock failed on a lost connection", e);
      } else {
        LOG.warn("Releasing the publish lock failed; it ends with the connection: {}", Messages.rootMessage(e));
      }
    }
  }
}
