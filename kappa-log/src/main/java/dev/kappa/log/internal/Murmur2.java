package dev.kappa.log.internal;

/**
 * The 32-bit MurmurHash2 variant that Kafka's default partitioner applies to keys, so that a key
 * lands in the same partition number here as in a Kafka topic with the same partition count.
 */
final class Murmur2 {

  private static final int SEED = 0x9747b28c;
  private static final int M = 0x5bd1e995;
  private static final int R = 24;

  private Murmur2() {}

  static int hash(byte[] data) {
    int length = data.length;
    int h = SEED ^ length;
    int whole = length & ~3;
    for (int i = 0; i < whole; i += 4) {
      int k =
          (data[i] & 0xff)
              | ((data[i + 1] & 0xff) << 8)
              | ((data[i + 2] & 0xff) << 16)
              | ((data[i + 3] & 0xff) << 24);
      k *= M;
      k ^= k >>> R;
      k *= M;
      h *= M;
      h ^= k;
    }
    switch (length & 3) {
      case 3:
        h ^= (data[whole + 2] & 0xff) << 16;
      // fall through
      case 2:
        h ^= (data[whole + 1] & 0xff) << 8;
      // fall through
      case 1:
        h ^= data[whole] & 0xff;
        h *= M;
        break;
      default:
        break;
    }
    h ^= h >>> 13;
    h *= M;
    h ^= h >>> 15;
    return h;
  }

  /** The partition for {@code key} among {@code partitions}, as Kafka computes it. */
  static int partition(byte[] key, int partitions) {
    return (hash(key) & 0x7fffffff) % partitions;
  }
}
