package dev.kappa.schema.internal;

import static dev.kappa.schema.internal.JsonFixtures.canonical;
import static dev.kappa.schema.internal.JsonFixtures.json;
import static dev.kappa.schema.internal.JsonFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kappa.schema.InvalidEventException;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Seeded random schemas and events: every event converts to Avro, survives the binary encoding, and
 * reads back as the canonical JSON its generator expected; and an event with one scalar replaced by
 * a value of a kind its position cannot take is rejected at that scalar's path.
 *
 * <p>The seed is random per run and printed on failure; replay with {@code -Dkappa.seed=N}.
 */
class JsonRoundTripTest {

  private static final int SCHEMAS = 400;
  private static final int EVENTS_PER_SCHEMA = 4;

  /** The kinds of JSON value, in the order a wrong value is chosen from. */
  private enum Kind {
    BOOLEAN,
    ARRAY,
    OBJECT,
    NULL,
    NUMBER,
    STRING
  }

  @Test
  void randomEvents_readBackAsTheirCanonicalJson_throughTheBinaryEncoding() {
    forEachSeed(
        (random, schema) -> {
          RandomEvents events = new RandomEvents(random);
          for (int i = 0; i < EVENTS_PER_SCHEMA; i++) {
            RandomEvents.Event event = events.event(schema);
            String expected = canonical(event.expected());
            GenericRecord record = JsonToAvro.convert(json(text(event.input())), schema);
            GenericRecord decoded = JsonFixtures.read(JsonFixtures.write(record), schema);
            assertThat(canonical(AvroToJson.convert(record)))
                .as("before encoding, input %s", text(event.input()))
                .isEqualTo(expected);
            assertThat(canonical(AvroToJson.convert(decoded)))
                .as("after encoding, input %s", text(event.input()))
                .isEqualTo(expected);
            GenericRecord again = JsonToAvro.convert(json(text(event.expected())), schema);
            assertThat(JsonFixtures.write(again))
                .as("canonical JSON converts to the same record")
                .isEqualTo(JsonFixtures.write(record));
          }
        });
  }

  @Test
  void randomEvents_withOneScalarOfTheWrongKind_areRejectedAtThatScalar() {
    int[] mutated = {0};
    forEachSeed(
        (random, schema) -> {
          RandomEvents events = new RandomEvents(random);
          for (int i = 0; i < EVENTS_PER_SCHEMA; i++) {
            RandomEvents.Event event = events.event(schema);
            if (event.leaves().isEmpty()) {
              continue;
            }
            RandomEvents.Leaf leaf = event.leaves().get(random.nextInt(event.leaves().size()));
            JsonNode wrong = wrongFor(kinds(leaf.position()));
            leaf.replace(wrong);
            String input = text(event.input());
            assertThatThrownBy(() -> JsonToAvro.convert(json(input), schema))
                .as("input %s", input)
                .isInstanceOfSatisfying(
                    InvalidEventException.class,
                    e -> {
                      assertThat(e.path()).isEqualTo(leaf.path());
                      assertThat(e.found()).isEqualTo(describe(wrong));
                      assertThat(e.expected()).isNotBlank();
                    });
            mutated[0]++;
          }
        });
    assertThat(mutated[0]).isGreaterThan(SCHEMAS);
  }

  private interface Case {
    void run(Random random, Schema schema);
  }

  private static void forEachSeed(Case test) {
    String pinned = System.getProperty("kappa.seed");
    long base = pinned != null ? Long.parseLong(pinned) : ThreadLocalRandom.current().nextLong();
    for (int i = 0; i < SCHEMAS; i++) {
      long seed = base + i;
      Random random = new Random(seed);
      Schema schema = null;
      try {
        schema = new RandomSchemas(random).record();
        test.run(random, schema);
      } catch (AssertionError | RuntimeException failure) {
        throw new AssertionError(
            "failed with seed "
                + seed
                + " (replay with -Dkappa.seed="
                + seed
                + "), schema "
                + schema
                + ": "
                + failure.getMessage(),
            failure);
      }
    }
  }

  /**
   * The kinds of JSON value a position of {@code schema} takes, by the converter's documented
   * rules.
   */
  private static Set<Kind> kinds(Schema schema) {
    boolean logical = schema.getLogicalType() != null;
    return switch (schema.getType()) {
      case NULL -> EnumSet.of(Kind.NULL);
      case BOOLEAN -> EnumSet.of(Kind.BOOLEAN);
      case INT, LONG -> logical ? EnumSet.of(Kind.NUMBER, Kind.STRING) : EnumSet.of(Kind.NUMBER);
      case FLOAT, DOUBLE -> EnumSet.of(Kind.NUMBER, Kind.STRING);
      case STRING, ENUM -> EnumSet.of(Kind.STRING);
      case BYTES, FIXED -> EnumSet.of(Kind.STRING, Kind.NUMBER);
      case RECORD, MAP -> EnumSet.of(Kind.OBJECT);
      case ARRAY -> EnumSet.of(Kind.ARRAY);
      case UNION -> {
        Set<Kind> all = EnumSet.noneOf(Kind.class);
        schema.getTypes().forEach(branch -> all.addAll(kinds(branch)));
        yield all;
      }
    };
  }

  private static JsonNode wrongFor(Set<Kind> taken) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    for (Kind kind : Kind.values()) {
      if (!taken.contains(kind)) {
        return switch (kind) {
          case BOOLEAN -> nodes.booleanNode(true);
          case ARRAY -> nodes.arrayNode();
          case OBJECT -> nodes.objectNode();
          case NULL -> NullNode.getInstance();
          case NUMBER -> nodes.numberNode(1.5);
          case STRING -> TextNode.valueOf("?");
        };
      }
    }
    throw new IllegalStateException("a position takes every kind: " + taken);
  }

  private static String describe(JsonNode wrong) {
    return switch (wrong.getNodeType()) {
      case BOOLEAN -> "boolean true";
      case ARRAY -> "array";
      case OBJECT -> "object";
      case NULL -> "null";
      case NUMBER -> "number 1.5";
      default -> "string \"?\"";
    };
  }
}
