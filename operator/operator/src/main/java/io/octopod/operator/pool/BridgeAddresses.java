package io.octopod.operator.pool;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.octopod.api.v1alpha1.ExposureMode;
import io.octopod.operator.model.ResolvedPoolSpec;
import java.util.List;

/**
 * Where a bridge is reached, by the pool's exposure mode: the media (WebRTC) and Octo addresses it
 * advertises to clients and peer bridges, and the control address the operator calls. Pure: the
 * pod, its node and its NodePort Service are passed in.
 *
 * @param media host:port browsers connect to, or null while it can't be known yet
 * @param octo host:port peer bridges send Octo to, or null
 * @param control host:port of the control API (always the pod IP: the operator is in-cluster)
 */
public record BridgeAddresses(String media, String octo, String control) {

  /**
   * host:port of the bridge channel (the bridge's public HTTP port) on the pod IP, as the operator
   * reaches it: where the focus relays a page's channel (docs/bridge-channel.md), whatever the
   * exposure mode, since the relay runs in-cluster like the control calls.
   */
  public static String channel(ResolvedPoolSpec spec, Pod pod) {
    String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    return hostPort(podIp, spec.publicPort());
  }

  public static BridgeAddresses resolve(
      ResolvedPoolSpec spec,
      String nodeAddressType,
      Pod pod,
      Node node,
      Service nodePortService,
      int ordinal) {
    String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    String control = podIp == null ? null : hostPort(podIp, spec.controlPort());
    ExposureMode mode = spec.exposure();
    return switch (mode) {
      case PodIP ->
          new BridgeAddresses(
              hostPort(podIp, spec.mediaPort()), hostPort(podIp, spec.octoPort()), control);
      case HostNetwork, HostPort -> {
        String nodeIp = nodeAddress(node, nodeAddressType);
        yield new BridgeAddresses(
            hostPort(nodeIp, spec.mediaPort()), hostPort(nodeIp, spec.octoPort()), control);
      }
      case NodePort -> {
        String nodeIp = nodeAddress(node, nodeAddressType);
        yield new BridgeAddresses(
            hostPort(nodeIp, nodePort(nodePortService, "media")),
            hostPort(nodeIp, nodePort(nodePortService, "octo")),
            control);
      }
      case FixedAddresses -> {
        List<String> fixed = spec.publicAddresses();
        String host = ordinal < fixed.size() ? fixed.get(ordinal) : null;
        yield new BridgeAddresses(
            hostPort(host, spec.mediaPort()), hostPort(host, spec.octoPort()), control);
      }
    };
  }

  /**
   * The node's address of the preferred type (ExternalIP by default), falling back to InternalIP:
   * many clusters have no external addresses on nodes.
   */
  static String nodeAddress(Node node, String preferredType) {
    if (node == null || node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return null;
    }
    String preferred = preferredType == null ? "ExternalIP" : preferredType;
    String internal = null;
    for (NodeAddress address : node.getStatus().getAddresses()) {
      if (preferred.equals(address.getType())) {
        return address.getAddress();
      }
      if ("InternalIP".equals(address.getType())) {
        internal = address.getAddress();
      }
    }
    return internal;
  }

  private static Integer nodePort(Service service, String portName) {
    if (service == null || service.getSpec() == null || service.getSpec().getPorts() == null) {
      return null;
    }
    for (ServicePort port : service.getSpec().getPorts()) {
      if (portName.equals(port.getName())) {
        return port.getNodePort();
      }
    }
    return null;
  }

  static String hostPort(String host, Integer port) {
    if (host == null || port == null) {
      return null;
    }
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
