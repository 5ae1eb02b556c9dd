package dev.kappa.schema.internal;

import static dev.kappa.schema.internal.JsonFixtures.assertRejected;
import static dev.kappa.schema.internal.JsonFixtures.assertValueRejected;
import static dev.kappa.schema.internal.JsonFixtures.convertValue;
import static dev.kappa.schema.internal.JsonFixtures.json;
import static dev.kappa.schema.internal.JsonFixtures.record;
import static dev.kappa.schema.internal.JsonFixtures.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * JSON converts to the plain Avro types, or is rejected with the path of the value, what its schema
 * expects, and a brief description of what was found. Logical types are in {@link
 * JsonToAvroLogicalTest}, unions in {@link JsonToAvroUnionTest}.
 */
class JsonToAvroTest {

  static final String INT = "int (whole number from -2147483648 to 2147483647)";
  static final String LONG = "long (whole number from -9223372036854775808 to 9223372036854775807)";
  static final String FLOAT = "float (number, or \"NaN\", \"Infinity\", \"-Infinity\")";
  static final String DOUBLE = "double (number, or \"NaN\", \"Infinity\", \"-Infinity\")";

  @Test
  void string_boolean_andNull_convertAsThemselves() {
    assertThat(convertValue("'string'", "'héllo \\\"x\\\"'")).isEqualTo("héllo \"x\"");
    assertThat(convertValue("'boolean'", "false")).isEqualTo(false);
    assertThat(convertValue("'null'", "null")).isNull();
  }

  @Test
  void int_takesWholeNumbersInRange_includingWholeDecimals() {
    assertThat(convertValue("'int'", "-2147483648")).isEqualTo(Integer.MIN_VALUE);
    assertThat(convertValue("'int'", "2147483647")).isEqualTo(Integer.MAX_VALUE);
    assertThat(convertValue("'int'", "5.0")).isEqualTo(5);
    assertThat(convertValue("'int'", "5e2")).isEqualTo(500);
    ObjectNode doubleFive = JsonNodeFactory.instance.objectNode().set("v", DoubleNode.valueOf(5.0));
    assertThat(JsonToAvro.convert(doubleFive, JsonFixtures.single("'int'")).get("v")).isEqualTo(5);
  }

  @Test
  void int_rejectsFractions_outOfRange_andOtherKinds_namingTheRange() {
    assertValueRejected("'int'", "1.5", INT, "number 1.5");
    assertValueRejected("'int'", "2147483648", INT, "number 2147483648");
    assertValueRejected("'int'", "-2147483649", INT, "number -2147483649");
    assertValueRejected("'int'", "'5'", INT, "string \"5\"");
    assertValueRejected("'int'", "true", INT, "boolean true");
    assertValueRejected("'int'", "null", INT, "null");
    assertValueRejected("'int'", "{}", INT, "object");
    assertValueRejected("'int'", "[1]", INT, "array");
  }

  @Test
  void long_takesTheWholeRange_andRejectsOneBeyond() {
    assertThat(convertValue("'long'", "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(convertValue("'long'", "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(convertValue("'long'", "7")).isEqualTo(7L);
    assertValueRejected("'long'", "9223372036854775808", LONG, "number 9223372036854775808");
    assertValueRejected("'long'", "1e19", LONG, "number 1E+19");
    assertValueRejected("'long'", "1e999999999", LONG, "number 1E+999999999");
    assertValueRejected("'long'", "0.5", LONG, "number 0.5");
  }

  @Test
  void floatAndDouble_takeNumbers_andTheSpecialValuesAsStrings() {
    assertThat(convertValue("'float'", "1.25")).isEqualTo(1.25f);
    assertThat(convertValue("'float'", "3")).isEqualTo(3.0f);
    assertThat(convertValue("'float'", "'-Infinity'")).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(convertValue("'double'", "1e308")).isEqualTo(1e308);
    assertThat(convertValue("'double'", "'NaN'")).isEqualTo(Double.NaN);
    assertThat(convertValue("'double'", "'Infinity'")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void floatAndDouble_rejectNumbersTooLarge_andOtherStrings() {
    assertValueRejected("'float'", "1e39", FLOAT, "number 1E+39");
    assertValueRejected("'double'", "1e309", DOUBLE, "number 1E+309");
    assertValueRejected("'double'", "'nan'", DOUBLE, "string \"nan\"");
    assertValueRejected("'double'", "false", DOUBLE, "boolean false");
  }

  @Test
  void bytes_takeBase64_andRejectOtherText() {
    ByteBuffer bytes = (ByteBuffer) convertValue("'bytes'", "'AQID/w=='");
    assertThat(bytes).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, -1}));
    assertValueRejected(
        "'bytes'", "'not base64!'", "bytes (base64 string)", "string \"not base64!\"");
    assertValueRejected("'bytes'", "[1, 2]", "bytes (base64 string)", "array");
  }

  @Test
  void fixed_takesBase64OfExactlyItsSize() {
    String md5 = "{'type': 'fixed', 'name': 'Md5', 'namespace': 'x', 'size': 4}";
    GenericData.Fixed fixed = (GenericData.Fixed) convertValue(md5, "'AQIDBA=='");
    assertThat(fixed.bytes()).containsExactly(1, 2, 3, 4);
    assertValueRejected(
        md5, "'AQID'", "fixed x.Md5 (4 bytes, base64)", "string \"AQID\" (3 bytes)");
  }

  @Test
  void enum_takesASymbolName_andListsTheSymbolsWhenNot() {
    String color = "{'type': 'enum', 'name': 'Color', 'symbols': ['RED', 'GREEN', 'BLUE']}";
    assertThat(convertValue(color, "'GREEN'").toString()).isEqualTo("GREEN");
    assertThat(convertValue(color, "'GREEN'")).isInstanceOf(GenericData.EnumSymbol.class);
    String expected = "enum Color (one of RED, GREEN, BLUE)";
    assertValueRejected(color, "'green'", expected, "string \"green\"");
    assertValueRejected(color, "0", expected, "number 0");
  }

  @Test
  void arrayAndMap_convertTheirElements_andMapsKeepJsonOrder() {
    @SuppressWarnings("unchecked")
    List<Object> array =
        (List<Object>) convertValue("{'type': 'array', 'items': 'long'}", "[3, 1]");
    assertThat(array).containsExactly(3L, 1L);
    @SuppressWarnings("unchecked")
    Map<String, Object> map =
        (Map<String, Object>) convertValue("{'type': 'map', 'values': 'int'}", "{'b': 2, 'a': 1}");
    assertThat(map.keySet()).containsExactly("b", "a");
    assertThat(map).containsEntry("a", 1).containsEntry("b", 2);
    assertValueRejected("{'type': 'array', 'items': 'int'}", "{}", "array of int", "object");
    assertValueRejected("{'type': 'map', 'values': 'int'}", "[]", "map of int", "array");
  }

  @Test
  void nestedRecordsAndArrays_nameThePathOfTheBadValue() {
    Schema order =
        record(
            "{'name': 'items', 'type': {'type': 'array', 'items': {'type': 'record',"
                + " 'name': 'Item',"
                + " 'fields': [{'name': 'sku', 'type': 'string'}, {'name': 'price', 'type':"
                + " 'double'}]}}}");
    String items = "{'sku': 'a', 'price': 1}, {'sku': 'b', 'price': 2}";
    assertRejected(
        "{'items': [" + items + ", {'sku': 'c', 'price': 'cheap'}]}",
        order,
        "$.items[2].price",
        DOUBLE,
        "string \"cheap\"");
    assertRejected(
        "{'items': [" + items + ", {'sku': 'c'}]}", order, "$.items[2].price", DOUBLE, "missing");
  }

  @Test
  void mapEntries_areNamedByQuotedKey_escapedAsJson() {
    Schema tags = record("{'name': 'tags', 'type': {'type': 'map', 'values': 'int'}}");
    assertRejected("{'tags': {'ok': 1, 'k': 'x'}}", tags, "$.tags[\"k\"]", INT, "string \"x\"");
    assertRejected(
        "{'tags': {'a\\\"b c': true}}", tags, "$.tags[\"a\\\"b c\"]", INT, "boolean true");
  }

  @Test
  void missingField_takesItsDefault_copiedPerRecord() {
    Schema schema =
        record(
            "{'name': 'n', 'type': 'int', 'default': 7}, {'name': 'list', 'type': {'type':"
                + " 'array', 'items': 'string'}, 'default': ['x']}, {'name': 'o', 'type': ['null',"
                + " 'string'], 'default': null}");
    GenericRecord first = JsonToAvro.convert(json("{}"), schema);
    GenericRecord second = JsonToAvro.convert(json("{}"), schema);
    assertThat(first.get("n")).isEqualTo(7);
    assertThat(first.get("o")).isNull();
    assertThat(first.get("list").toString()).isEqualTo("[x]");
    assertThat(first.get("list")).isNotSameAs(second.get("list"));
  }

  @Test
  void missingField_withoutDefault_isRejectedAsMissing() {
    Schema schema = record("{'name': 'a', 'type': 'int'}, {'name': 'b', 'type': 'string'}");
    assertRejected("{'a': 1}", schema, "$.b", "string", "missing");
  }

  @Test
  void unknownMember_isRejected_listingTheFields() {
    Schema schema = record("{'name': 'a', 'type': 'int'}, {'name': 'b', 'type': 'string'}");
    assertRejected(
        "{'a': 1, 'b': 'x', 'c': 5}", schema, "$.c", "no such field (fields: a, b)", "number 5");
    assertRejected(
        "{'a': 1, 'b': 'x', 'first name': null}",
        schema,
        "$[\"first name\"]",
        "no such field (fields: a, b)",
        "null");
  }

  @Test
  void unknownMember_isReportedBeforeTheMissingFieldItProbablyMisspells() {
    Schema schema = record("{'name': 'price', 'type': 'double'}");
    assertRejected(
        "{'prise': 2.5}", schema, "$.prise", "no such field (fields: price)", "number 2.5");
  }

  @Test
  void nullForANonNullableField_isRejectedAsNull() {
    assertRejected(
        "{'s': null}", record("{'name': 's', 'type': 'string'}"), "$.s", "string", "null");
  }

  @Test
  void topLevel_mustBeAnObject_forARecordSchema() {
    Schema schema =
        schema("{'type': 'record', 'name': 'Order', 'namespace': 'acme', 'fields': []}");
    assertRejected("[1]", schema, "$", "record acme.Order", "array");
    assertRejected("'x'", schema, "$", "record acme.Order", "string \"x\"");
    assertThatThrownBy(() -> JsonToAvro.convert(json("{}"), Schema.create(Schema.Type.INT)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void foundStrings_areCutAfterFortyCharacters() {
    String longText = "abcdefghij".repeat(5);
    assertValueRejected(
        "'int'", "'" + longText + "'", INT, "string \"" + longText.substring(0, 40) + "…\"");
  }
}
