package io.octopod.operator.focus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
    timer.shutdownNow();
  }

  @Test
  void oneSocketsTasksRunInOrderOneAtATime() throws Exception {
    SerialExecutor socket = new SerialExecutor(pool, timer);
    List<Integer> order = new CopyOnWriteArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(10);
    for (int i = 0; i < 10; i++) {
      int n = i;
      assertTrue(
          socket.execute(
              () -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                sleep(5);
                order.add(n);
                running.decrementAndGet();
                done.countDown();
              }));
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), order);
    assertEquals(1, mostAtOnce.get());
  }

  @Test
  void differentSocketsRunInParallel() throws Exception {
    CountDownLatch both = new CountDownLatch(2);
    CountDownLatch finished = new CountDownLatch(2);
    for (int i = 0; i < 2; i++) {
      new SerialExecutor(pool, timer)
          .execute(
              () -> {
                both.countDown();
                try {
                  // each waits for the other: only true parallelism lets both finish
                  if (both.await(10, TimeUnit.SECONDS)) {
                    finished.countDown();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
    assertTrue(finished.await(20, TimeUnit.SECONDS));
  }

  @Test
  void aFloodIsRefusedButTheCloseAlwaysRunsLast() throws Exception {
    SerialExecutor socket = new SerialExecutor(pool, timer);
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    assertTrue(
        socket.execute(
            () -> {
              started.countDown();
              await(release);
            }));
    assertTrue(started.await(10, TimeUnit.SECONDS));
    int accepted = 0;
    for (int i = 0; i < SerialExecutor.MAX_QUEUED + 5; i++) {
      if (socket.execute(() -> ran.add("message"))) {
        accepted++;
      }
    }
    assertEquals(SerialExecutor.MAX_QUEUED, accepted, "the first is running, 16 wait");
    assertFalse(socket.execute(() -> ran.add("late")));
    CountDownLatch closed = new CountDownLatch(1);
    socket.executeAlways(
        () -> {
          ran.add("close");
          closed.countDown();
        });
    release.countDown();
    assertTrue(closed.await(10, TimeUnit.SECONDS));
    assertEquals(SerialExecutor.MAX_QUEUED + 1, ran.size());
    assertEquals("close", ran.get(ran.size() - 1));
  }

  @Test
  void theCloseWaitsForAPoolThatRefusedIt() throws Exception {
    ExecutorService one =
        new java.util.concurrent.ThreadPoolExecutor(
            1, 1, 0, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>());
    try {
      CountDownLatch release = new CountDownLatch(1);
      one.execute(() -> await(release)); // the only worker is busy and there is no queue
      SerialExecutor socket = new SerialExecutor(one, timer);
      assertFalse(socket.execute(() -> {}), "a message is refused");
      CountDownLatch closed = new CountDownLatch(1);
      socket.executeAlways(closed::countDown);
      release.countDown();
      assertTrue(closed.await(10, TimeUnit.SECONDS), "the close ran once a worker was free");
    } finally {
      one.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
