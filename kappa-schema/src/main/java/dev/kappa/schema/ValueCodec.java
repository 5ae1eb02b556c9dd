package dev.kappa.schema;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The format of values on the log for Avro streams, the same wire format the Confluent schema
 * registry uses: byte 0 is {@code 0x00}, bytes 1–4 the big-endian schema id, then the record in
 * Avro binary encoding. So every value names the schema it was written with, and any reader can
 * decode it and resolve it to its own (usually the newest) schema: that is how old events are
 * upcast during replay.
 *
 * <p>Thread-safe.
 */
public interface ValueCodec {

  byte MAGIC = 0x00;

  /**
   * Encodes {@code record} as a value of {@code version}.
   *
   * @throws InvalidEventException if the record was not built against {@code version}'s schema
   *     (Avro writes fields by position, so it would be silently mis-encoded), or a field's value
   *     does not fit its type
   */
  byte[] encode(SchemaVersion version, GenericRecord record);

  /**
   * The schema id a value was written with; does not move the buffer's position.
   *
   * @throws UnknownSchemaException if the value is not in this format
   */
  int schemaId(ByteBuffer value);

  /**
   * Decodes a value with the schema it was written with.
   *
   * @throws UnknownSchemaException if the value is not in this format or names an unknown id
   * @throws InvalidEventException if the bytes after the prefix are not exactly one record of the
   *     schema the value names
   */
  GenericRecord decode(ByteBuffer value);

  /**
   * Decodes a value and resolves it to {@code reader} with Avro's schema resolution: fields added
   * since take their defaults, removed fields are dropped, and types are promoted.
   *
   * @throws UnknownSchemaException if the value is not in this format or names an unknown id
   * @throws InvalidEventException if the value does not decode with its schema or cannot be
   *     resolved to {@code reader}
   */
  GenericRecord decode(ByteBuffer value, Schema reader);
}
