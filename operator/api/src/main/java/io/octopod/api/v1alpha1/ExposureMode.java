package io.octopod.api.v1alpha1;

/** How a bridge's UDP media and Octo ports are reached from outside the cluster. */
public enum ExposureMode {
  /** The pod shares the node's network; the node's address is the bridge's. */
  HostNetwork,
  /** The pod's ports are mapped onto the node's address. */
  HostPort,
  /** One NodePort Service per bridge pod. */
  NodePort,
  /** Addresses given in spec.exposure.publicAddresses, one per bridge ordinal. */
  FixedAddresses,
  /**
   * The pod's own address: for clusters whose pod network clients and peer bridges can reach (a
   * flat, routed pod network), and for the local process kubelet.
   */
  PodIP
}
