package dev.kappa.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/**
 * Seeded random JSON events for a schema, each with the JSON it should read back as, written
 * without the code under test: the input varies the accepted forms (epoch numbers or ISO text with
 * offsets, decimals with fewer digits or as strings, wrapped unions, defaults left out, members in
 * any order) and the expected JSON is the one canonical form. Leaf values come from {@link
 * RandomLeaves}.
 *
 * <p>Every scalar in the input is recorded as a {@link Leaf} with its JSON path and the schema of
 * its position, so that a test can replace it with a value of the wrong kind and know where the
 * error must point.
 */
final class RandomEvents {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] MAP_KEYS = {"k", "k2", "a b", "q\"uote", "ü", "", "x.y"};

  /** A scalar of the input: where it is, the schema of its position, and how to replace it. */
  record Leaf(String path, Schema position, ContainerNode<?> parent, String member, int index) {
    void replace(JsonNode value) {
      if (parent instanceof ObjectNode object) {
        object.set(member, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }
  }

  /** A generated event: the JSON to convert, the JSON expected back, and the input's scalars. */
  record Event(JsonNode input, JsonNode expected, List<Leaf> leaves) {}

  private record Pair(JsonNode input, JsonNode expected) {}

  private final Random random;
  private final RandomLeaves leaves;
  private List<Leaf> found;

  RandomEvents(Random random) {
    this.random = random;
    this.leaves = new RandomLeaves(random);
  }

  Event event(Schema record) {
    found = new ArrayList<>();
    Pair pair = value(record, "$", false);
    return new Event(pair.input(), pair.expected(), found);
  }

  private Pair value(Schema schema, String path, boolean inUnion) {
    return switch (schema.getType()) {
      case RECORD -> record(schema, path);
      case ARRAY -> array(schema, path);
      case MAP -> map(schema, path);
      case UNION -> union(schema, path);
      default -> {
        RandomLeaves.Value leaf = leaves.value(schema, inUnion);
        yield new Pair(leaf.input(), leaf.expected());
      }
    };
  }

  private Pair record(Schema schema, String path) {
    ObjectNode input = NODES.objectNode();
    ObjectNode expected = NODES.objectNode();
    List<Schema.Field> order = new ArrayList<>(schema.getFields());
    Collections.shuffle(order, random);
    for (Schema.Field field : order) {
      if (field.hasDefaultValue() && random.nextInt(3) == 0) {
        expected.set(field.name(), defaultJson(field.defaultVal(), field.schema()));
        continue;
      }
      String at = path + "." + field.name();
      Pair pair = value(field.schema(), at, false);
      input.set(field.name(), pair.input());
      expected.set(field.name(), pair.expected());
      note(pair.input(), at, field.schema(), input, field.name(), -1);
    }
    return new Pair(input, expected);
  }

  private Pair array(Schema schema, String path) {
    ArrayNode input = NODES.arrayNode();
    ArrayNode expected = NODES.arrayNode();
    for (int i = 0, n = random.nextInt(4); i < n; i++) {
      String at = path + "[" + i + "]";
      Pair pair = value(schema.getElementType(), at, false);
      input.add(pair.input());
      expected.add(pair.expected());
      note(pair.input(), at, schema.getElementType(), input, null, i);
    }
    return new Pair(input, expected);
  }

  private Pair map(Schema schema, String path) {
    ObjectNode input = NODES.objectNode();
    ObjectNode expected = NODES.objectNode();
    for (int i = 0, n = random.nextInt(4); i < n; i++) {
      String key = MAP_KEYS[random.nextInt(MAP_KEYS.length)];
      if (input.has(key)) {
        continue;
      }
      String at = path + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
      Pair pair = value(schema.getValueType(), at, false);
      input.set(key, pair.input());
      expected.set(key, pair.expected());
      note(pair.input(), at, schema.getValueType(), input, key, -1);
    }
    return new Pair(input, expected);
  }

  private Pair union(Schema schema, String path) {
    List<Schema> branches = schema.getTypes();
    Schema branch = branches.get(random.nextInt(branches.size()));
    if (branch.getType() == Schema.Type.NULL) {
      return new Pair(NullNode.getInstance(), NullNode.getInstance());
    }
    boolean general = branches.size() > 2 || branches.stream().noneMatch(RandomEvents::isNull);
    boolean objectBranch =
        branches.stream()
            .anyMatch(b -> b.getType() == Schema.Type.RECORD || b.getType() == Schema.Type.MAP);
    if (objectBranch || random.nextInt(3) > 0) {
      return value(branch, path, general);
    }
    String name = branch.getFullName();
    String at = path + (name.contains(".") ? "[\"" + name + "\"]" : "." + name);
    Pair pair = value(branch, at, general);
    ObjectNode wrapper = NODES.objectNode();
    wrapper.set(name, pair.input());
    note(pair.input(), at, branch, wrapper, name, -1);
    return new Pair(wrapper, pair.expected());
  }

  /** Records {@code input} as a leaf if it is a scalar. */
  private void note(
      JsonNode input, String path, Schema position, ContainerNode<?> parent, String member, int i) {
    if (!input.isContainerNode()) {
      found.add(new Leaf(path, position, parent, member, i));
    }
  }

  private static boolean isNull(Schema schema) {
    return schema.getType() == Schema.Type.NULL;
  }

  /** The expected JSON of a default, from the Java value Avro's schema parser gives for it. */
  private static JsonNode defaultJson(Object value, Schema schema) {
    if (value == JsonProperties.NULL_VALUE) {
      return NullNode.getInstance();
    }
    if (schema.getLogicalType() != null) {
      return TextNode.valueOf(RandomLeaves.instantText(((Number) value).longValue(), 1_000L));
    }
    return switch (schema.getType()) {
      case INT -> NODES.numberNode(((Number) value).intValue());
      case LONG -> NODES.numberNode(((Number) value).longValue());
      case DOUBLE -> NODES.numberNode(((Number) value).doubleValue());
      case BOOLEAN -> BooleanNode.valueOf((Boolean) value);
      case STRING, ENUM -> TextNode.valueOf(value.toString());
      case ARRAY -> NODES.arrayNode();
      default -> throw new IllegalStateException("no default expected for " + schema);
    };
  }
}
