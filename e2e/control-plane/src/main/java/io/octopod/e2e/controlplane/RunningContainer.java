package io.octopod.e2e.controlplane;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import java.time.Instant;

/** What the kubelet knows about one container of a pod: its process, readiness and history. */
final class RunningContainer {

  final Container spec;
  volatile ManagedProcess process;
  volatile boolean ready;
  volatile int restartCount;
  volatile Instant startedAt;
  volatile Integer lastExitCode;
  volatile Instant finishedAt;
  volatile String waitingReason;
  volatile String waitingMessage;
  volatile int livenessFailures;
  volatile int readinessFailures;

  /**
   * Whether the startup probe has passed since the process started (true when there is none): until
   * then, as on a kubelet, neither liveness nor readiness is probed.
   */
  volatile boolean started;

  volatile int startupFailures;

  RunningContainer(Container spec) {
    this.spec = spec;
  }

  boolean running() {
    ManagedProcess p = process;
    return p != null && p.alive();
  }

  ContainerStatus status() {
    ContainerStatusBuilder b =
        new ContainerStatusBuilder()
            .withName(spec.getName())
            .withImage(spec.getImage())
            .withImageID("process://" + spec.getImage())
            .withContainerID(process == null ? null : "process://" + process.pid())
            .withReady(ready && running())
            .withStarted(running())
            .withRestartCount(restartCount);
    if (running()) {
      b.withState(
          new ContainerStateBuilder()
              .withNewRunning()
              .withStartedAt(startedAt.toString())
              .endRunning()
              .build());
    } else if (waitingReason != null) {
      b.withState(
          new ContainerStateBuilder()
              .withNewWaiting()
              .withReason(waitingReason)
              .withMessage(waitingMessage)
              .endWaiting()
              .build());
    } else if (lastExitCode != null) {
      b.withState(
          new ContainerStateBuilder()
              .withNewTerminated()
              .withExitCode(lastExitCode)
              .withReason(lastExitCode == 0 ? "Completed" : "Error")
              .withStartedAt(startedAt == null ? null : startedAt.toString())
              .withFinishedAt(finishedAt == null ? null : finishedAt.toString())
              .endTerminated()
              .build());
    } else {
      b.withState(
          new ContainerStateBuilder()
              .withNewWaiting()
              .withReason("ContainerCreating")
              .endWaiting()
              .build());
    }
    return b.build();
  }
}
