package dev.kappa.engine.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedCollection;
import java.util.SequencedMap;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.avro.Schema;

/**
 * Renders an object graph as the canonical text that {@link DefinitionFingerprint} hashes. The
 * rules, tried in order, are listed in {@code docs/views.md} ("Definition identity"); in short:
 * plain values by value, collections by element, records by component, lambdas by their host
 * class's bytecode and captured values, and Kappa's and users' other objects by class, bytecode and
 * fields.
 *
 * <p>Invariant: the text depends only on the graph's values and the bytecode of its classes, never
 * on identity hash codes, hash iteration order, addresses in hidden class names or the order in
 * which elements of an unordered collection are visited: those are rendered one by one and sorted,
 * and cycles are detected on the current path only, so an element's text does not depend on its
 * siblings. Graphs deeper than {@link #MAX_DEPTH} are cut off at that depth.
 *
 * <p>Not thread-safe: one instance renders one definition.
 */
final class DefinitionText {

  static final int MAX_DEPTH = 48;

  /** Packages whose objects stand by class name only: libraries and Kappa's own services. */
  private static final List<String> BY_NAME_ONLY =
      List.of(
          "org.apache.",
          "com.fasterxml.",
          "org.rocksdb.",
          "org.slf4j.",
          // The log, the registry and codecs are services a view uses, not part of its definition,
          // and their state changes as they run. Their records (SchemaVersion) are values.
          "dev.kappa.log.",
          "dev.kappa.schema.");

  /**
   * Packages of the definition vocabulary: records whose meaning is the engine's documented
   * semantics, so their bytecode is not hashed (a new error message in WindowSpec must not change
   * every windowed view).
   */
  private static final Set<String> VOCABULARY = Set.of("dev.kappa.engine", "dev.kappa.schema");

  private final ClassCode code = new ClassCode();
  private final Set<Object> path = Collections.newSetFromMap(new IdentityHashMap<>());

  String render(Object value) {
    return render(value, 0);
  }

  private String render(Object value, int depth) {
    return switch (value) {
      case null -> "null";
      case String s -> quote(s);
      case Boolean b -> "Boolean(" + b + ")";
      case Character c -> "Character(" + (int) c + ")";
      case Byte b -> "Byte(" + b + ")";
      case Short s -> "Short(" + s + ")";
      case Integer i -> "Integer(" + i + ")";
      case Long l -> "Long(" + l + ")";
      case Float f -> "Float(" + f + ")";
      case Double d -> "Double(" + d + ")";
      case Enum<?> e -> "enum " + e.getDeclaringClass().getName() + "." + e.name();
      case Class<?> c -> "class " + ClassCode.stableName(c);
      default -> compound(value, depth);
    };
  }

  /** An object that may contain others: guarded against cycles and depth, then by the rules. */
  private String compound(Object value, int depth) {
    String name = ClassCode.stableName(value.getClass());
    if (depth >= MAX_DEPTH) {
      return "too-deep " + name;
    }
    if (!path.add(value)) {
      return "cycle " + name;
    }
    try {
      return byRule(value, name, depth + 1);
    } catch (InaccessibleObjectException | SecurityException e) {
      // The module system or a security manager hides the object's insides; its class name is
      // still a stable, if coarser, description. Other failures (I/O reading bytecode) propagate
      // rather than silently give another fingerprint.
      return "unreadable " + name;
    } finally {
      path.remove(value);
    }
  }

  private String byRule(Object value, String name, int depth) {
    Class<?> type = value.getClass();
    if (type.isArray()) {
      return name + elements(arrayElements(value), true, depth);
    }
    if (Proxy.isProxyClass(type)) {
      return "proxy "
          + Arrays.stream(type.getInterfaces()).map(Class::getName).toList()
          + " "
          + render(Proxy.getInvocationHandler(value), depth);
    }
    if (ClassCode.isLambda(type)) {
      return "lambda "
          + name
          + "#"
          + code.bytecodeHash(type)
          + " "
          + interfaces(type)
          + fields(value, type, depth);
    }
    if (value instanceof Schema schema) {
      // Schema.toString() is its canonical JSON; its hashCode is a mutable cache.
      return "avro " + schema;
    }
    if (JdkValues.isJdk(type)) {
      return jdk(value, name, depth);
    }
    if (type.isRecord()) {
      return record(value, type, name, depth);
    }
    if (BY_NAME_ONLY.stream().anyMatch(name::startsWith) || type.isHidden()) {
      return name;
    }
    return object(value, type, depth);
  }

  /**
   * Collections and maps by kind, not implementation class, whose choice ({@code List.of} returns
   * one of several) varies with the element count and the JDK release.
   */
  private String jdk(Object value, String name, int depth) {
    return switch (value) {
      case SequencedCollection<?> c -> kind(c) + elements(new ArrayList<>(c), true, depth);
      case Collection<?> c -> kind(c) + elements(new ArrayList<>(c), false, depth);
      case SequencedMap<?, ?> m -> "Map" + elements(new ArrayList<>(m.entrySet()), true, depth);
      case Map<?, ?> m -> "Map" + elements(new ArrayList<>(m.entrySet()), false, depth);
      case Map.Entry<?, ?> e -> render(e.getKey(), depth) + "=" + render(e.getValue(), depth);
      case Optional<?> o -> "Optional(" + render(o.orElse(null), depth) + ")";
      default -> JdkValues.describe(value, name);
    };
  }

  private static String kind(Collection<?> collection) {
    return collection instanceof List<?>
        ? "List"
        : collection instanceof Set<?> ? "Set" : "Collection";
  }

  private String record(Object value, Class<?> type, String name, int depth) {
    StringBuilder text = new StringBuilder("record ").append(name);
    if (!VOCABULARY.contains(type.getPackageName())) {
      text.append('#').append(code.bytecodeHash(type));
    }
    StringJoiner components = new StringJoiner(", ", "(", ")");
    for (RecordComponent component : type.getRecordComponents()) {
      components.add(component.getName() + "=" + component(value, component, depth));
    }
    return text.append(components).toString();
  }

  private String component(Object record, RecordComponent component, int depth) {
    try {
      Method accessor = component.getAccessor();
      accessor.setAccessible(true);
      return render(accessor.invoke(record), depth);
    } catch (ReflectiveOperationException | InaccessibleObjectException | SecurityException e) {
      return "unreadable " + component.getType().getName();
    }
  }

  /** Kappa's engine objects and users' objects: class, bytecode and fields, up the hierarchy. */
  private String object(Object value, Class<?> type, int depth) {
    StringJoiner text = new StringJoiner(" / ", "object ", "");
    for (Class<?> c = type; c != null && ownCode(c); c = c.getSuperclass()) {
      text.add(c.getName() + "#" + code.bytecodeHash(c) + fields(value, c, depth));
    }
    return text.toString();
  }

  private static boolean ownCode(Class<?> type) {
    String name = type.getName();
    return !JdkValues.isJdk(type) && BY_NAME_ONLY.stream().noneMatch(name::startsWith);
  }

  /** The declared instance fields of {@code declaring} (a lambda's captured values), by name. */
  private String fields(Object value, Class<?> declaring, int depth) {
    List<Field> fields =
        Arrays.stream(declaring.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .filter(f -> !Modifier.isTransient(f.getModifiers()))
            .sorted(Comparator.comparing(Field::getName))
            .toList();
    StringJoiner text = new StringJoiner(", ", "{", "}");
    for (Field field : fields) {
      text.add(field.getName() + "=" + field(value, field, depth));
    }
    return text.toString();
  }

  private String field(Object value, Field field, int depth) {
    try {
      return field.trySetAccessible()
          ? render(field.get(value), depth)
          : "unreadable " + field.getType().getName();
    } catch (IllegalAccessException | SecurityException e) {
      return "unreadable " + field.getType().getName();
    }
  }

  private static String interfaces(Class<?> type) {
    return Arrays.stream(type.getInterfaces()).map(Class::getName).toList().toString();
  }

  /** Renders each element; sorts the texts unless the source has an order of its own. */
  private String elements(List<?> items, boolean ordered, int depth) {
    List<String> texts = new ArrayList<>(items.size());
    for (Object item : items) {
      texts.add(render(item, depth));
    }
    if (!ordered) {
      texts.sort(Comparator.naturalOrder());
    }
    return "[" + String.join(", ", texts) + "]";
  }

  private static List<Object> arrayElements(Object array) {
    List<Object> items = new ArrayList<>(Array.getLength(array));
    for (int i = 0; i < Array.getLength(array); i++) {
      items.add(Array.get(array, i));
    }
    return items;
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
