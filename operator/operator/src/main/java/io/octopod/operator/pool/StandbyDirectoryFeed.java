package io.octopod.operator.pool;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.octopod.operator.bridges.BridgeDirectory;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the bridge directory of a standby replica (one that does not hold the leader lease) filled
 * from the BridgePools' pods, read-only: the reconcilers run only on the leader, but every replica
 * serves the focus behind one Service, and a join that lands on a standby must see the same
 * bridges. The bridges themselves say who is in which conference, so a standby's joins and the
 * leader's agree. It stops feeding when this replica becomes the leader (the reconciler takes over)
 * and resumes if it stops leading.
 */
public final class StandbyDirectoryFeed implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(StandbyDirectoryFeed.class.getName());

  private final PoolDirectoryFeed feed;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "standby-directory-feed");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean leading;

  /**
   * @param namespaces the watched namespaces; empty for all
   */
  public StandbyDirectoryFeed(
      KubernetesClient client, BridgeDirectory directory, Set<String> namespaces) {
    this.feed = new PoolDirectoryFeed(client, directory, namespaces, "");
  }

  public void start() {
    timer.scheduleWithFixedDelay(
        this::feedSafely, 0, BridgeDirectory.POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void startedLeading() {
    leading = true;
  }

  public void stoppedLeading() {
    leading = false;
  }

  private void feedSafely() {
    if (leading) {
      return;
    }
    try {
      feed.feed();
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "standby directory feed: the API server did not answer", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
