package dev.kappa.server.internal.query;

import dev.kappa.log.RecordView;
import dev.kappa.schema.ValueCodec;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads dotted paths out of Avro values: each value is decoded with the schema it was written with
 * and resolved to the reader schema (the stream's latest, fixed when the query starts), then the
 * paths are followed through nested records. Strings, enum symbols and booleans are text; ints,
 * longs, floats and doubles are numbers. Thread-safe.
 */
final class AvroFieldReader implements FieldReader {

  private final ValueCodec codec;
  private final Schema reader;
  private final String[][] paths;

  AvroFieldReader(ValueCodec codec, Schema reader, List<String> paths) {
    this.codec = codec;
    this.reader = reader;
    this.paths = paths.stream().map(p -> p.split("\\.")).toArray(String[][]::new);
  }

  @Override
  public FieldValue[] read(RecordView record) {
    GenericRecord value = codec.decode(record.value(), reader);
    FieldValue[] out = new FieldValue[paths.length];
    for (int i = 0; i < paths.length; i++) {
      out[i] = follow(value, paths[i]);
    }
    return out;
  }

  private static FieldValue follow(GenericRecord record, String[] path) {
    Object current = record;
    for (String name : path) {
      if (!(current instanceof GenericRecord r) || r.getSchema().getField(name) == null) {
        return null;
      }
      current = r.get(name);
    }
    return switch (current) {
      case null -> null;
      case CharSequence s -> FieldValue.text(s.toString());
      case Boolean b -> FieldValue.text(b.toString());
      case Integer n -> FieldValue.number(n.toString(), n);
      case Long n -> FieldValue.number(n.toString(), n);
      case Float n -> FieldValue.number(n.toString(), n);
      case Double n -> FieldValue.number(n.toString(), n);
      case org.apache.avro.generic.GenericEnumSymbol<?> e -> FieldValue.text(e.toString());
      default -> null;
    };
  }
}
