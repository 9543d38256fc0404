package io.octopod.operator.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.octopod.api.v1alpha1.BridgePoolSpec;
import io.octopod.api.v1alpha1.ExposureMode;
import io.octopod.api.v1alpha1.MediaExposure;
import io.octopod.operator.model.ResolvedPoolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class BridgeAddressesTest {

  private static final Pod POD =
      new PodBuilder().withNewStatus().withPodIP("10.1.2.3").endStatus().build();

  private static ResolvedPoolSpec spec(ExposureMode mode, List<String> fixed) {
    BridgePoolSpec spec = new BridgePoolSpec();
    spec.setRegion("us-east");
    MediaExposure exposure = new MediaExposure();
    exposure.setMode(mode);
    exposure.setPublicAddresses(fixed);
    spec.setExposure(exposure);
    return ResolvedPoolSpec.of(spec, 1);
  }

  private static Node node(String internal, String external) {
    NodeBuilder b =
        new NodeBuilder()
            .withNewStatus()
            .addNewAddress()
            .withType("InternalIP")
            .withAddress(internal)
            .endAddress()
            .endStatus();
    if (external != null) {
      b.editStatus()
          .addNewAddress()
          .withType("ExternalIP")
          .withAddress(external)
          .endAddress()
          .endStatus();
    }
    return b.build();
  }

  @Test
  void hostPortAdvertisesTheNodesExternalAddressElseItsInternalOne() {
    BridgeAddresses withExternal =
        BridgeAddresses.resolve(
            spec(ExposureMode.HostPort, null), null, POD, node("10.0.0.5", "203.0.113.9"), null, 0);
    assertEquals("203.0.113.9:10000", withExternal.media());
    assertEquals("203.0.113.9:4096", withExternal.octo());
    assertEquals("10.1.2.3:8080", withExternal.control(), "the operator calls the pod directly");
    BridgeAddresses internalOnly =
        BridgeAddresses.resolve(
            spec(ExposureMode.HostNetwork, null), null, POD, node("10.0.0.5", null), null, 0);
    assertEquals("10.0.0.5:10000", internalOnly.media());
    BridgeAddresses preferInternal =
        BridgeAddresses.resolve(
            spec(ExposureMode.HostPort, null),
            "InternalIP",
            POD,
            node("10.0.0.5", "203.0.113.9"),
            null,
            0);
    assertEquals("10.0.0.5:4096", preferInternal.octo());
  }

  @Test
  void nodePortUsesTheAllocatedPortsOfThePodsService() {
    Service service =
        new ServiceBuilder()
            .withNewSpec()
            .addNewPort()
            .withName("media")
            .withPort(10000)
            .withNodePort(31000)
            .endPort()
            .addNewPort()
            .withName("octo")
            .withPort(4096)
            .withNodePort(31001)
            .endPort()
            .endSpec()
            .build();
    BridgeAddresses a =
        BridgeAddresses.resolve(
            spec(ExposureMode.NodePort, null),
            null,
            POD,
            node("10.0.0.5", "198.51.100.4"),
            service,
            0);
    assertEquals("198.51.100.4:31000", a.media());
    assertEquals("198.51.100.4:31001", a.octo());
    assertNull(
        BridgeAddresses.resolve(
                spec(ExposureMode.NodePort, null), null, POD, node("10.0.0.5", null), null, 0)
            .media(),
        "no Service yet: not known");
  }

  @Test
  void fixedAddressesGoByOrdinalAndPodIpUsesThePod() {
    ResolvedPoolSpec fixed =
        spec(ExposureMode.FixedAddresses, List.of("192.0.2.10", "2001:db8::7"));
    assertEquals(
        "192.0.2.10:10000", BridgeAddresses.resolve(fixed, null, POD, null, null, 0).media());
    assertEquals(
        "[2001:db8::7]:4096", BridgeAddresses.resolve(fixed, null, POD, null, null, 1).octo());
    assertNull(
        BridgeAddresses.resolve(fixed, null, POD, null, null, 2).media(),
        "no address for a third bridge");
    assertEquals(
        "10.1.2.3:4096",
        BridgeAddresses.resolve(spec(ExposureMode.PodIP, null), null, POD, null, null, 0).octo());
  }
}
