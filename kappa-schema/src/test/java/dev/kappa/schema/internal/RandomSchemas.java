package dev.kappa.schema.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Seeded random record schemas: nested records, arrays, maps, nullable and general unions, enums,
 * fixed, and every logical type, with simple field defaults.
 *
 * <p>General unions take at most one branch per kind of JSON value (null, boolean, number, text,
 * object, array), and their number and text branches are plain types, so that a JSON value has one
 * right branch and the expected JSON does not depend on the order branches are tried in.
 */
final class RandomSchemas {

  private static final int MAX_DEPTH = 4;
  private static final String[] LEAVES = {
    "boolean",
    "int",
    "long",
    "float",
    "double",
    "string",
    "bytes",
    "fixed",
    "enum",
    "timestamp-millis",
    "timestamp-micros",
    "timestamp-nanos",
    "local-timestamp-millis",
    "local-timestamp-micros",
    "date",
    "time-millis",
    "time-micros",
    "decimal",
    "decimal-fixed",
    "uuid",
    "uuid-fixed",
    "big-decimal"
  };
  private static final String[] COMPLEX = {"record", "array", "map", "nullable", "union"};

  private final Random random;
  private int names;

  RandomSchemas(Random random) {
    this.random = random;
  }

  /** A record schema, reparsed from its text so that it is what a registry would hand out. */
  Schema record() {
    return new Schema.Parser().parse(record(0).toString());
  }

  private Schema record(int depth) {
    int count = 1 + random.nextInt(depth == 0 ? 6 : 4);
    List<Schema.Field> fields = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Schema type = type(depth + 1);
      Object fallback = random.nextInt(3) == 0 ? defaultFor(type) : null;
      fields.add(
          fallback == null
              ? new Schema.Field("f" + i, type)
              : new Schema.Field("f" + i, type, null, fallback));
    }
    return Schema.createRecord(name("R"), null, namespace(), false, fields);
  }

  private Schema type(int depth) {
    boolean leaf = depth >= MAX_DEPTH || random.nextInt(3) > 0;
    if (leaf) {
      return leaf(LEAVES[random.nextInt(LEAVES.length)]);
    }
    return switch (COMPLEX[random.nextInt(COMPLEX.length)]) {
      case "record" -> record(depth);
      case "array" -> Schema.createArray(type(depth + 1));
      case "map" -> Schema.createMap(type(depth + 1));
      case "nullable" -> nullable(depth);
      default -> union(depth);
    };
  }

  private Schema nullable(int depth) {
    Schema type = type(depth + 1);
    while (type.getType() == Schema.Type.UNION) {
      type = type(depth + 1);
    }
    Schema nul = Schema.create(Schema.Type.NULL);
    return Schema.createUnion(random.nextBoolean() ? List.of(nul, type) : List.of(type, nul));
  }

  private Schema union(int depth) {
    List<String> kinds =
        new ArrayList<>(List.of("null", "boolean", "number", "text", "object", "array"));
    int count = 2 + random.nextInt(2);
    List<Schema> branches = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String kind = kinds.remove(random.nextInt(kinds.size()));
      branches.add(
          switch (kind) {
            case "null" -> Schema.create(Schema.Type.NULL);
            case "boolean" -> Schema.create(Schema.Type.BOOLEAN);
            case "number" -> leaf(pick("int", "long", "double"));
            case "text" -> leaf(pick("string", "enum"));
            case "object" ->
                random.nextBoolean() ? record(depth) : Schema.createMap(type(depth + 1));
            default -> Schema.createArray(type(depth + 1));
          });
    }
    return Schema.createUnion(branches);
  }

  private Schema leaf(String kind) {
    return switch (kind) {
      case "fixed" -> Schema.createFixed(name("F"), null, namespace(), 1 + random.nextInt(6));
      case "enum" -> {
        List<String> symbols = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
          symbols.add("S" + i);
        }
        yield Schema.createEnum(name("E"), null, namespace(), symbols);
      }
      case "timestamp-millis" -> LogicalTypes.timestampMillis().addToSchema(plain("long"));
      case "timestamp-micros" -> LogicalTypes.timestampMicros().addToSchema(plain("long"));
      case "timestamp-nanos" -> LogicalTypes.timestampNanos().addToSchema(plain("long"));
      case "local-timestamp-millis" ->
          LogicalTypes.localTimestampMillis().addToSchema(plain("long"));
      case "local-timestamp-micros" ->
          LogicalTypes.localTimestampMicros().addToSchema(plain("long"));
      case "date" -> LogicalTypes.date().addToSchema(plain("int"));
      case "time-millis" -> LogicalTypes.timeMillis().addToSchema(plain("int"));
      case "time-micros" -> LogicalTypes.timeMicros().addToSchema(plain("long"));
      case "decimal" -> {
        int precision = 1 + random.nextInt(30);
        yield LogicalTypes.decimal(precision, random.nextInt(precision + 1))
            .addToSchema(plain("bytes"));
      }
      case "decimal-fixed" -> {
        int size = 1 + random.nextInt(8);
        int precision = 1 + random.nextInt((int) Math.floor(Math.log10(2) * (8 * size - 1)));
        Schema fixed = Schema.createFixed(name("D"), null, namespace(), size);
        yield LogicalTypes.decimal(precision, random.nextInt(precision + 1)).addToSchema(fixed);
      }
      case "uuid" -> LogicalTypes.uuid().addToSchema(plain("string"));
      case "uuid-fixed" ->
          LogicalTypes.uuid().addToSchema(Schema.createFixed(name("U"), null, namespace(), 16));
      case "big-decimal" -> LogicalTypes.bigDecimal().addToSchema(plain("bytes"));
      default -> plain(kind);
    };
  }

  /** A simple default for some types, as the Java value Avro's field constructor takes; or null. */
  private Object defaultFor(Schema type) {
    if (type.getLogicalType() != null) {
      return type.getLogicalType().getName().equals("timestamp-millis")
          ? random.nextLong(-1_000_000_000_000L, 4_000_000_000_000L)
          : null;
    }
    return switch (type.getType()) {
      case INT -> random.nextInt();
      case LONG -> random.nextLong();
      case DOUBLE -> random.nextInt(1000) / 8.0;
      case BOOLEAN -> random.nextBoolean();
      case STRING -> "d" + random.nextInt(100);
      case ENUM -> type.getEnumSymbols().get(random.nextInt(type.getEnumSymbols().size()));
      case ARRAY -> new ArrayList<>();
      case UNION ->
          type.getTypes().get(0).getType() == Schema.Type.NULL
              ? Schema.Field.NULL_DEFAULT_VALUE
              : null;
      default -> null;
    };
  }

  private static Schema plain(String name) {
    return Schema.create(Schema.Type.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private String name(String prefix) {
    return prefix + names++;
  }

  private String namespace() {
    return random.nextInt(4) == 0 ? "ns" + random.nextInt(3) : null;
  }
}
