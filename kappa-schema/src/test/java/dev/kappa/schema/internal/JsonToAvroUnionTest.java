package dev.kappa.schema.internal;

import static dev.kappa.schema.internal.JsonFixtures.assertRejected;
import static dev.kappa.schema.internal.JsonFixtures.assertValueRejected;
import static dev.kappa.schema.internal.JsonFixtures.convertValue;
import static dev.kappa.schema.internal.JsonFixtures.json;
import static dev.kappa.schema.internal.JsonFixtures.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * A union takes null for its null branch, Avro JSON's wrapped form for the branch it names, and
 * otherwise the first branch in schema order that the value converts to; a value that fits no
 * branch is rejected naming the union, or the deepest failure inside a branch.
 */
class JsonToAvroUnionTest {

  private static final String REC_A =
      "{'type': 'record', 'name': 'A', 'fields': [{'name': 'a', 'type': 'int'}]}";
  private static final String REC_B =
      "{'type': 'record', 'name': 'B', 'fields': [{'name': 'b', 'type': 'string'}]}";

  @Test
  void nullableUnion_takesNullOrTheValue() {
    assertThat(convertValue("['null', 'int']", "null")).isNull();
    assertThat(convertValue("['null', 'int']", "4")).isEqualTo(4);
    assertThat(convertValue("['string', 'null']", "'x'")).isEqualTo("x");
  }

  @Test
  void nullableUnion_rejectsAnotherKind_namingTheUnion() {
    assertValueRejected("['null', 'int']", "'x'", "null or int", "string \"x\"");
    assertValueRejected("['null', 'int']", "{}", "null or int", "object");
  }

  @Test
  void nullableUnion_rejectsABadValueOfTheRightKind_namingTheBranch() {
    assertValueRejected("['null', 'int']", "1.5", JsonToAvroTest.INT, "number 1.5");
  }

  @Test
  void unionWithoutNull_rejectsNull() {
    assertValueRejected("['int', 'string']", "null", "int or string", "null");
    assertValueRejected("['int', 'string', 'boolean']", "[]", "int, string or boolean", "array");
  }

  @Test
  void wrappedForm_choosesTheNamedBranch() {
    assertThat(convertValue("['null', 'string']", "{'string': 'x'}")).isEqualTo("x");
    assertThat(convertValue("['null', 'int', 'long']", "{'long': 5}")).isEqualTo(5L);
    GenericRecord a = (GenericRecord) convertValue("['null', " + REC_A + "]", "{'A': {'a': 1}}");
    assertThat(a.get("a")).isEqualTo(1);
  }

  @Test
  void wrappedForm_withABadValue_namesThePathThroughTheWrapper() {
    assertRejected(
        "{'v': {'int': 'x'}}",
        single("['null', 'int']"),
        "$.v.int",
        JsonToAvroTest.INT,
        "string \"x\"");
    assertRejected(
        "{'v': {'ns.A': {'a': 'x'}}}",
        single(
            "['null', {'type': 'record', 'name': 'A', 'namespace': 'ns', 'fields': [{'name':"
                + " 'a', 'type': 'int'}]}]"),
        "$.v[\"ns.A\"].a",
        JsonToAvroTest.INT,
        "string \"x\"");
  }

  @Test
  void objectNamingABranch_fallsBackToAPlainMap_whenTheWrappedReadingFails() {
    @SuppressWarnings("unchecked")
    Map<String, Object> map =
        (Map<String, Object>)
            convertValue("['null', {'type': 'map', 'values': 'string'}]", "{'map': 'x'}");
    assertThat(map).containsExactly(Map.entry("map", "x"));
  }

  @Test
  void plainValue_takesTheFirstBranchItFits_inSchemaOrder() {
    assertThat(convertValue("['int', 'long']", "5")).isEqualTo(5);
    assertThat(convertValue("['int', 'long']", "5000000000")).isEqualTo(5_000_000_000L);
    assertThat(convertValue("['long', 'double']", "1.5")).isEqualTo(1.5);
    assertThat(convertValue("['int', 'string']", "'5'")).isEqualTo("5");
    String color = "{'type': 'enum', 'name': 'Color', 'symbols': ['RED']}";
    assertThat(convertValue("[" + color + ", 'string']", "'RED'").toString()).isEqualTo("RED");
    assertThat(convertValue("[" + color + ", 'string']", "'PINK'")).isEqualTo("PINK");
  }

  @Test
  void recordBranches_areChosenByWhichOneTheObjectFits() {
    String union = "[" + REC_A + ", " + REC_B + "]";
    GenericRecord b = (GenericRecord) convertValue(union, "{'b': 'x'}");
    assertThat(b.getSchema().getName()).isEqualTo("B");
    GenericRecord a = (GenericRecord) convertValue(union, "{'a': 3}");
    assertThat(a.getSchema().getName()).isEqualTo("A");
  }

  @Test
  void noBranchFits_theDeepestFailureIsReported_preferringAWrongValueToAWrongShape() {
    Schema schema = single("[" + REC_A + ", " + REC_B + "]");
    assertRejected("{'v': {'b': 5}}", schema, "$.v.b", "string", "number 5");
    assertRejected("{'v': {'a': 'x'}}", schema, "$.v.a", JsonToAvroTest.INT, "string \"x\"");
  }

  @Test
  void noBranchFits_atTheValueItself_namesTheUnion() {
    assertValueRejected("['int', 'long']", "1.5", "int or long", "number 1.5");
    assertValueRejected(
        "['null', " + REC_A + ", 'string']", "true", "null, record A or string", "boolean true");
  }

  @Test
  void unionsInsideArrays_nameTheElement() {
    assertRejected(
        "{'v': [1, null, 'x']}",
        single("{'type': 'array', 'items': ['null', 'int']}"),
        "$.v[2]",
        "null or int",
        "string \"x\"");
    assertThat(
            JsonToAvro.convert(
                    json("{'v': [1, null]}"), single("{'type': 'array', 'items': ['null', 'int']}"))
                .get("v")
                .toString())
        .isEqualTo("[1, null]");
  }
}
