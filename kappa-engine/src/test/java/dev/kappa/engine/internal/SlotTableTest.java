package dev.kappa.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SlotTable} against a {@link HashMap} reference, through growth and with keys of several
 * lengths, including keys forced to collide on their hash; and {@link KeyOrder} sorting its slots.
 */
class SlotTableTest {

  @Test
  void getAndAdd_manyKeys_matchHashMapReference() {
    Random random = new Random(1);
    SlotTable table = new SlotTable();
    Map<ByteKey, Slot> reference = new HashMap<>();
    for (int i = 0; i < 50_000; i++) {
      byte[] key = randomKey(random);
      ByteKey k = new ByteKey(key);
      Slot found = table.get(key.clone(), k.hashCode());
      assertThat(found).as("lookup %d of %s", i, k).isSameAs(reference.get(k));
      if (found == null) {
        Slot slot = new Slot(key, (long) i, false);
        table.add(slot, k.hashCode());
        reference.put(k, slot);
      }
    }
    assertThat(table.size()).isEqualTo(reference.size());
    for (Map.Entry<ByteKey, Slot> e : reference.entrySet()) {
      assertThat(table.get(e.getKey().bytes().clone(), e.getKey().hashCode()))
          .isSameAs(e.getValue());
    }
  }

  @Test
  void get_keysSharingAHash_tellsThemApartByTheirBytes() {
    SlotTable table = new SlotTable();
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Slot slot = new Slot(ByteBuffer.allocate(4).putInt(i).array(), i, false);
      table.add(slot, 0); // zero is the free marker: stored as one, and every key collides
      slots.add(slot);
    }
    for (Slot slot : slots) {
      assertThat(table.get(slot.key.clone(), 0)).isSameAs(slot);
    }
    assertThat(table.get(new byte[] {1, 2, 3}, 0)).isNull();
  }

  @Test
  void copyTo_dirtyOnly_copiesExactlyTheChangedSlots() {
    SlotTable table = new SlotTable();
    List<Slot> dirty = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      byte[] key = LongBytes.of(i);
      Slot slot = new Slot(key, i, false);
      slot.dirty = i % 3 == 0;
      if (slot.dirty) {
        dirty.add(slot);
      }
      table.add(slot, ByteKey.hash(key));
    }
    Slot[] all = new Slot[table.size()];
    assertThat(table.copyTo(all, false)).isEqualTo(1000);
    Slot[] changed = new Slot[table.size()];
    int n = table.copyTo(changed, true);
    assertThat(java.util.Arrays.asList(changed).subList(0, n))
        .containsExactlyInAnyOrderElementsOf(dirty);
  }

  @Test
  void roughlySort_keysDifferingLate_ordersThemByTheirFirstDifferingBytes() {
    Random random = new Random(2);
    int n = 5000;
    Slot[] slots = new Slot[n];
    for (int i = 0; i < n; i++) {
      slots[i] = new Slot(LongBytes.of(1_000_000 + random.nextInt(1 << 24)), null, false);
    }
    HashSet<Slot> before = new HashSet<>(List.of(slots));
    KeyOrder.roughlySort(slots, n);
    assertThat(new HashSet<>(List.of(slots))).isEqualTo(before);
    for (int i = 1; i < n; i++) {
      assertThat(java.util.Arrays.compareUnsigned(slots[i - 1].key, slots[i].key))
          .as("position %d", i)
          .isLessThanOrEqualTo(0);
    }
  }

  private static byte[] randomKey(Random random) {
    byte[] key = new byte[random.nextInt(12)];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) random.nextInt(4); // few values: many keys repeat
    }
    return key;
  }
}
