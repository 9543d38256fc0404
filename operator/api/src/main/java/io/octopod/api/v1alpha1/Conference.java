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
 * A meeting room: who may join, where its bridges may be, and how participants are spread over
 * them. Status shows where everyone is connected and how the bridges are linked.
 */
@Group(BridgePool.GROUP)
@Version(BridgePool.VERSION)
@Kind("Conference")
@Plural("conferences")
@AdditionalPrinterColumn(
    name = "PARTICIPANTS",
    jsonPath = ".status.participants",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "BRIDGES",
    jsonPath = ".status.bridgeCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "REGIONS",
    jsonPath = ".status.regionSummary",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "READY",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ShortNames({"conf"})
public class Conference extends CustomResource<ConferenceSpec, ConferenceStatus>
    implements Namespaced {

  @Override
  protected ConferenceStatus initStatus() {
    return new ConferenceStatus();
  }
}
