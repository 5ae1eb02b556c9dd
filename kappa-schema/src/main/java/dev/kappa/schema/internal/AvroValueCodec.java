package dev.kappa.schema.internal;

import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.UnknownSchemaException;
import dev.kappa.schema.ValueCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * {@link ValueCodec} over a lookup of schemas by id. Readers and writers are made per call: Avro
 * caches the expensive part (the resolution of a writer/reader pair) itself, and this keeps the
 * codec free of shared mutable state. Thread-safe.
 */
final class AvroValueCodec implements ValueCodec {

  private static final int PREFIX = 5;

  private final IntFunction<SchemaVersion> byId;
  private final ThreadLocal<ByteArrayOutputStream> buffers =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(256));

  AvroValueCodec(IntFunction<SchemaVersion> byId) {
    this.byId = byId;
  }

  @Override
  public byte[] encode(SchemaVersion version, GenericRecord record) {
    ByteArrayOutputStream out = buffers.get();
    out.reset();
    out.write(MAGIC);
    int id = version.id();
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new GenericDatumWriter<GenericRecord>(version.schema()).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public int schemaId(ByteBuffer value) {
    if (value.remaining() < PREFIX || value.get(value.position()) != MAGIC) {
      throw new UnknownSchemaException("the value is not a Kappa Avro value (no schema id prefix)");
    }
    return value.getInt(value.position() + 1);
  }

  @Override
  public GenericRecord decode(ByteBuffer value) {
    Schema writer = byId.apply(schemaId(value)).schema();
    return read(value, writer, writer);
  }

  @Override
  public GenericRecord decode(ByteBuffer value, Schema reader) {
    Schema writer = byId.apply(schemaId(value)).schema();
    return read(value, writer, reader);
  }

  private static GenericRecord read(ByteBuffer value, Schema writer, Schema reader) {
    int offset = value.position() + PREFIX;
    int length = value.remaining() - PREFIX;
    BinaryDecoder decoder;
    if (value.hasArray()) {
      decoder =
          DecoderFactory.get()
              .binaryDecoder(value.array(), value.arrayOffset() + offset, length, null);
    } else {
      byte[] copy = new byte[length];
      value.get(offset, copy);
      decoder = DecoderFactory.get().binaryDecoder(copy, null);
    }
    try {
      return new GenericDatumReader<GenericRecord>(writer, reader).read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new UnknownSchemaException(
          "the value does not decode with its schema: " + e.getMessage());
    }
  }
}
