package dev.kappa.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The canonical text behind a fingerprint follows the documented rules, rule by rule. */
class DefinitionTextTest {

  private static String text(Object value) {
    return DefinitionFingerprint.canonicalText(value);
  }

  @Test
  void plainValues_renderByTypeAndValue() {
    assertThat(text(null)).isEqualTo("null");
    assertThat(text("a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(text(1)).isEqualTo("Integer(1)");
    assertThat(text(1L)).isEqualTo("Long(1)");
    assertThat(text(Thread.State.NEW)).isEqualTo("enum java.lang.Thread$State.NEW");
    assertThat(text(String.class)).isEqualTo("class java.lang.String");
  }

  @Test
  void jdkValue_overridingToString_rendersItsText() {
    assertThat(text(Duration.ofMinutes(1))).isEqualTo("java.time.Duration(PT1M)");
  }

  @Test
  void jdkRuntimeState_rendersClassNameOnly() {
    assertThat(text(new AtomicLong(7))).isEqualTo("java.util.concurrent.atomic.AtomicLong");
    assertThat(text(new Object())).isEqualTo("java.lang.Object");
  }

  @Test
  void unorderedSet_isSortedWhateverTheIterationOrder() {
    Set<String> set = new HashSet<>(List.of("zebra", "apple", "mango"));
    assertThat(text(set)).isEqualTo("Set[\"apple\", \"mango\", \"zebra\"]");
  }

  @Test
  void map_sortsEntriesUnlessItHasAnOrder() {
    Map<String, Integer> hashed = new HashMap<>();
    hashed.put("b", 2);
    hashed.put("a", 1);
    Map<String, Integer> linked = new LinkedHashMap<>();
    linked.put("b", 2);
    linked.put("a", 1);
    assertThat(text(hashed)).isEqualTo("Map[\"a\"=Integer(1), \"b\"=Integer(2)]");
    assertThat(text(linked)).isEqualTo("Map[\"b\"=Integer(2), \"a\"=Integer(1)]");
  }

  @Test
  void lambda_namesItsHostAndHostBytecodeHash_andCapturedValues() throws Exception {
    int captured = 42;
    IntPredicate lambda = i -> i > captured;

    assertThat(text(lambda))
        .isEqualTo(
            "lambda "
                + DefinitionTextTest.class.getName()
                + "#"
                + sha256OfClassFile(DefinitionTextTest.class)
                + " [java.util.function.IntPredicate]{arg$1=Integer(42)}");
  }

  @Test
  void avroSchema_isItsJson_evenAfterItsHashIsCached() {
    Schema schema =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    String before = text(schema);
    schema.hashCode(); // fills the schema's cached hash field
    assertThat(text(schema)).isEqualTo(before).isEqualTo("avro " + schema);
  }

  /** A user object: class, bytecode and non-transient fields. */
  private static final class Threshold {
    private final int limit;
    private transient int uses;

    Threshold(int limit, int uses) {
      this.limit = limit;
      this.uses = uses;
    }
  }

  @Test
  void userObject_rendersBytecodeAndFields_butNotTransientOnes() throws Exception {
    String name = Threshold.class.getName();
    assertThat(text(new Threshold(3, 1)))
        .isEqualTo(text(new Threshold(3, 99)))
        .isEqualTo(
            "object " + name + "#" + sha256OfClassFile(Threshold.class) + "{limit=Integer(3)}");
  }

  /** A user record holds code too (a record may implement Aggregation). */
  private record Limit(int value) {}

  @Test
  void userRecord_rendersBytecodeAndComponents() throws Exception {
    assertThat(text(new Limit(3)))
        .isEqualTo(
            "record "
                + Limit.class.getName()
                + "#"
                + sha256OfClassFile(Limit.class)
                + "(value=Integer(3))");
  }

  @Test
  void proxy_rendersItsInterfacesAndHandler_notItsGeneratedName() {
    String threshold = text(proxyReturning(3));
    assertThat(threshold)
        .startsWith("proxy [java.util.function.IntPredicate] lambda " + getClass().getName() + "#")
        .contains("Integer(3)")
        .doesNotContain("$Proxy");
    assertThat(text(proxyReturning(4))).isNotEqualTo(threshold);
  }

  private static IntPredicate proxyReturning(int limit) {
    return (IntPredicate)
        Proxy.newProxyInstance(
            DefinitionTextTest.class.getClassLoader(),
            new Class<?>[] {IntPredicate.class},
            (proxy, method, args) -> (int) args[0] > limit);
  }

  /** A node that can point at itself. */
  private static final class Node {
    Object next;
  }

  @Test
  void cycle_isCutOffWhereItCloses() {
    Node node = new Node();
    node.next = node;
    assertThat(text(node)).contains("{next=cycle " + Node.class.getName() + "}");
  }

  @Test
  void deepChain_isCutOffAtTheDepthBound() {
    Node head = new Node();
    Node tail = head;
    for (int i = 0; i < DefinitionText.MAX_DEPTH + 10; i++) {
      Node next = new Node();
      tail.next = next;
      tail = next;
    }
    String text = text(head);
    assertThat(text).contains("too-deep " + Node.class.getName());
    assertThat(text.split("object ", -1)).hasSize(DefinitionText.MAX_DEPTH + 1);
  }

  private static String sha256OfClassFile(Class<?> type)
      throws IOException, NoSuchAlgorithmException {
    try (InputStream in =
        type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
      return HexFormat.of().formatHex(digest);
    }
  }
}
