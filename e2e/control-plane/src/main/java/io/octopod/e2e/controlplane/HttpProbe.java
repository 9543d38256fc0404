package io.octopod.e2e.controlplane;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An httpGet action (probe or lifecycle hook) against a pod address, as a kubelet runs it. */
final class HttpProbe {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HttpProbe() {}

  /** True for a 2xx or 3xx answer within the timeout (the kubelet's success rule). */
  static boolean get(HTTPGetAction action, Container container, String podIp, Duration timeout) {
    String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
    int port = port(action.getPort(), container);
    String path = action.getPath() == null ? "/" : action.getPath();
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                  .timeout(timeout)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() >= 200 && response.statusCode() < 400;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static int port(IntOrString port, Container container) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    if (container.getPorts() != null) {
      for (ContainerPort p : container.getPorts()) {
        if (port.getStrVal().equals(p.getName())) {
          return p.getContainerPort();
        }
      }
    }
    throw new IllegalStateException(
        "container " + container.getName() + " has no port named " + port.getStrVal());
  }
}
