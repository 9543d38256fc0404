package io.octopod.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A region's set of media bridges: how many, where they run, how their media is reached, and how
 * much each may carry. The operator runs them as a StatefulSet and reports each bridge in status.
 */
@Group(BridgePool.GROUP)
@Version(BridgePool.VERSION)
@Kind("BridgePool")
@Plural("bridgepools")
@AdditionalPrinterColumn(
    name = "REGION",
    jsonPath = ".spec.region",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "DESIRED",
    jsonPath = ".status.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "STRESS",
    jsonPath = ".status.meanStress",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ShortNames({"bp", "bridgepool"})
public class BridgePool extends CustomResource<BridgePoolSpec, BridgePoolStatus>
    implements Namespaced {

  public static final String GROUP = "octopod.io";
  public static final String VERSION = "v1alpha1";

  @Override
  protected BridgePoolStatus initStatus() {
    return new BridgePoolStatus();
  }
}
