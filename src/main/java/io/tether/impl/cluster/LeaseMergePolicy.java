package io.tether.impl.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * How Hazelcast merges the records of {@link Lease#MAP} when two parts of a split cluster join again: the record with
 * the higher epoch wins, whichever part it comes from. A node that was cut off (a pause, a broken network) and comes
 * back with the record of its old claim never gets the connection back from the node that took over after it; with
 * Hazelcast's default, the record of the larger part would win, and a smaller part's newer owner would lose.
 * {@code conf/cluster.xml} names it for the map.
 */
public final class LeaseMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

  @Override
  public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    if (merging == null) {
      return existing.getRawValue();
    }
    return newer(merging.getValue(), existing.getValue()) ? merging.getRawValue() : existing.getRawValue();
  }

  /** Whether record {@code a} wins over {@code b}: a higher epoch, or the same epoch renewed more often. */
  static boolean newer(Object a, Object b) {
    LeaseRecord ra = LeaseRecord.parse(a instanceof String ? (String) a : null);
    LeaseRecord rb = LeaseRecord.parse(b instanceof String ? (String) b : null);
    if (ra == null || rb == null) {
      return rb == null && ra != null;
    }
    return ra.epoch() != rb.epoch() ? ra.epoch() > rb.epoch() : ra.version() > rb.version();
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // no state
  }

  @Override
  public void readData(ObjectDataInput in) {
    // no state
  }
}
