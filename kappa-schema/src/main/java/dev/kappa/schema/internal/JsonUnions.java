package dev.kappa.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Chooses the branch of an Avro union that a JSON value converts to.
 *
 * <ul>
 *   <li>JSON {@code null} is the {@code null} branch.
 *   <li>An object with a single member named after a branch ({@code {"string": "x"}}, {@code
 *       {"com.acme.Order": {…}}}), the Avro JSON encoding of a union, converts its member's value
 *       to that branch; if that fails, the object is also tried as a plain value.
 *   <li>Any other value converts to the first branch, in schema order, that it converts to without
 *       error. Only branches that take its kind of JSON value are tried: a string is tried against
 *       strings, enums, bytes, fixed and logical types that take text, never against a record.
 * </ul>
 *
 * <p>When no branch takes the value, the mismatch names the union ({@code expected null or int}),
 * unless a branch failed inside the value (a field of a record branch, say), in which case the
 * deepest such failure is reported, as the most likely intent (at equal depth, a wrong value rather
 * than a missing or unknown field). With a single candidate branch, which is the case for every
 * nullable type, nothing is tried and nothing is thrown on success.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonUnions {

  private JsonUnions() {}

  /**
   * {@code node} as a value of one of {@code union}'s branches.
   *
   * @throws Mismatch if it fits none
   */
  static Object convert(JsonNode node, Schema union) {
    List<Schema> branches = union.getTypes();
    Mismatch best = null;
    if (node.isObject() && node.size() == 1) {
      Map.Entry<String, JsonNode> member = node.properties().iterator().next();
      Integer wrapped = union.getIndexNamed(member.getKey());
      if (wrapped != null && branches.get(wrapped).getType() != Schema.Type.NULL) {
        try {
          return JsonToAvro.value(member.getValue(), branches.get(wrapped));
        } catch (Mismatch mismatch) {
          best = mismatch.at(JsonDescriptions.member(member.getKey()));
        }
      }
    }
    Schema only = null;
    int candidates = 0;
    for (Schema branch : branches) {
      if (takes(branch, node)) {
        only = branch;
        candidates++;
      }
    }
    if (candidates == 1 && best == null) {
      return JsonToAvro.value(node, only);
    }
    if (candidates > 0) {
      for (Schema branch : branches) {
        if (takes(branch, node)) {
          try {
            return JsonToAvro.value(node, branch);
          } catch (Mismatch mismatch) {
            if (best == null || mismatch.betterThan(best)) {
              best = mismatch;
            }
          }
        }
      }
    }
    if (best != null && best.depth() > 0) {
      throw best;
    }
    throw new Mismatch(JsonDescriptions.expected(union), JsonDescriptions.found(node));
  }

  /**
   * Whether {@code branch} takes JSON values of {@code node}'s kind (not whether this one fits).
   */
  static boolean takes(Schema branch, JsonNode node) {
    return switch (branch.getType()) {
      case NULL -> node.isNull();
      case BOOLEAN -> node.isBoolean();
      case INT, LONG -> node.isNumber() || (node.isTextual() && branch.getLogicalType() != null);
      case FLOAT, DOUBLE ->
          node.isNumber() || (node.isTextual() && JsonNumbers.special(node.textValue()) != null);
      case STRING, ENUM -> node.isTextual();
      case BYTES, FIXED ->
          node.isTextual()
              || node.isBinary()
              || (node.isNumber() && branch.getLogicalType() != null);
      case RECORD, MAP -> node.isObject();
      case ARRAY -> node.isArray();
      case UNION -> false; // Avro forbids a union directly inside a union
    };
  }
}
