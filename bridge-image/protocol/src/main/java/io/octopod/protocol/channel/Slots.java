package io.octopod.protocol.channel;

import io.octopod.protocol.control.SlotMapping;
import java.util.List;

/**
 * @param slots each receive slot's SSRC with the participant and kind it carries now
 */
public record Slots(String type, List<SlotMapping> slots) {

  public Slots {
    slots = slots == null ? List.of() : List.copyOf(slots);
  }

  public static Slots of(List<SlotMapping> slots) {
    return new Slots(ChannelTypes.SLOTS, slots);
  }
}
