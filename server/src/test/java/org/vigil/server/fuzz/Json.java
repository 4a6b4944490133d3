package org.vigil.server.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * A small mutable JSON tree for the fuzzer. Unlike a parser's tree it can hold what a parser must refuse or
 * resolve: duplicate keys, and raw text (broken JSON, literals such as {@code 1e400}) written out verbatim.
 */
abstract sealed class Json {

  /** An object whose fields keep their order and may repeat a key. */
  static final class Obj extends Json {
    final List<Field> fields = new ArrayList<>();

    Obj put(String key, Json value) {
      fields.add(new Field(key, value));
      return this;
    }

    Obj put(String key, String value) {
      return put(key, str(value));
    }

    @Override
    Json copy() {
      Obj o = new Obj();
      fields.forEach(f -> o.fields.add(new Field(f.key, f.value.copy())));
      return o;
    }

    @Override
    void write(StringBuilder sb) {
      sb.append('{');
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        Field f = fields.get(i);
        quote(f.key, sb);
        sb.append(": ");
        f.value.write(sb);
      }
      sb.append('}');
    }
  }

  /** A field of an object: mutable, so a mutation can rename it or replace its value in place. */
  static final class Field {
    String key;
    Json value;

    Field(String key, Json value) {
      this.key = key;
      this.value = value;
    }
  }

  static final class Arr extends Json {
    final List<Json> items = new ArrayList<>();

    Arr add(Json item) {
      items.add(item);
      return this;
    }

    @Override
    Json copy() {
      Arr a = new Arr();
      items.forEach(i -> a.items.add(i.copy()));
      return a;
    }

    @Override
    void write(StringBuilder sb) {
      sb.append('[');
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        items.get(i).write(sb);
      }
      sb.append(']');
    }
  }

  /** A leaf already written as JSON text: a string, a number, true/false/null, or raw junk. */
  static final class Leaf extends Json {
    final String text;

    Leaf(String text) {
      this.text = text;
    }

    @Override
    Json copy() {
      return this;
    }

    @Override
    void write(StringBuilder sb) {
      sb.append(text);
    }
  }

  abstract Json copy();

  abstract void write(StringBuilder sb);

  @Override
  public final String toString() {
    StringBuilder sb = new StringBuilder();
    write(sb);
    return sb.toString();
  }

  static Obj obj() {
    return new Obj();
  }

  static Arr arr(Json... items) {
    Arr a = new Arr();
    for (Json j : items) {
      a.add(j);
    }
    return a;
  }

  static Leaf str(String s) {
    StringBuilder sb = new StringBuilder();
    quote(s, sb);
    return new Leaf(sb.toString());
  }

  static Leaf num(double d) {
    return new Leaf(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
  }

  static Leaf raw(String text) {
    return new Leaf(text);
  }

  /**
   * A JSON string literal. Control characters and unpaired surrogates are written as {@code \\uXXXX} escapes,
   * so the body stays valid JSON text while the decoded string carries them.
   */
  static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
          || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !paired) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}
