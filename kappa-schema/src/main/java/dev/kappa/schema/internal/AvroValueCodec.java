package dev.kappa.schema.internal;

import dev.kappa.schema.InvalidEventException;
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
 *
 * <p>Every failure is one of the schema layer's typed exceptions: Avro's own runtime errors (a
 * {@code NullPointerException} for a missing field, a {@code ClassCastException} or {@code
 * AvroRuntimeException} for a wrong type, an {@code EOFException} for a short value) never escape.
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
    Schema schema = version.schema();
    String expected = "a record of " + describe(version);
    if (record == null) {
      throw new InvalidEventException("$", expected, "null");
    }
    // Avro writes by position, so a record of another schema would be encoded as garbage under
    // this version's id rather than fail. Identity first: equals is a deep comparison.
    if (record.getSchema() != schema && !record.getSchema().equals(schema)) {
      throw new InvalidEventException(
          "$",
          expected,
          "a record built against another schema ("
              + record.getSchema().getFullName()
              + (record.getSchema().getFullName().equals(schema.getFullName())
                  ? " with other fields or types"
                  : "")
              + ")");
    }
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
      new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    } catch (RuntimeException e) {
      // A field whose value does not fit its type (null for a non-null field, a wrong class).
      throw new InvalidEventException("$", expected, String.valueOf(e.getMessage()), e);
    }
    return out.toByteArray();
  }

  private static String describe(SchemaVersion version) {
    return "schema version "
        + version.version()
        + " of stream '"
        + version.stream()
        + "' (id "
        + version.id()
        + ")";
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
    SchemaVersion writer = byId.apply(schemaId(value));
    return read(value, writer, writer.schema());
  }

  @Override
  public GenericRecord decode(ByteBuffer value, Schema reader) {
    SchemaVersion writer = byId.apply(schemaId(value));
    return read(value, writer, reader);
  }

  private static GenericRecord read(ByteBuffer value, SchemaVersion writer, Schema reader) {
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
    String expected =
        "Avro binary of "
            + describe(writer)
            + (reader == writer.schema() ? "" : ", readable as " + reader.getFullName());
    GenericRecord record;
    try {
      record = new GenericDatumReader<GenericRecord>(writer.schema(), reader).read(null, decoder);
      if (!decoder.isEnd()) {
        throw new InvalidEventException("$", expected, "bytes after the end of the record");
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidEventException invalid) {
        throw invalid;
      }
      throw new InvalidEventException(
          "$", expected, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    return record;
  }
}
