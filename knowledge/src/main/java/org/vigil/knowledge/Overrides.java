package org.vigil.knowledge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Sets a value at a simple path ("bands[0].criteria[0].value") in a YAML tree. */
final class Overrides {
  private static final Pattern SEGMENT = Pattern.compile("([A-Za-z]+)(?:\\[(\\d+)])?");

  private Overrides() {}

  static boolean set(JsonNode root, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      Matcher m = SEGMENT.matcher(parts[i]);
      if (!m.matches()) {
        return false;
      }
      node = node.get(m.group(1));
      if (node == null) {
        return false;
      }
      if (m.group(2) != null) {
        node = node.get(Integer.parseInt(m.group(2)));
        if (node == null) {
          return false;
        }
      }
    }
    if (!(node instanceof ObjectNode obj) || !obj.has(parts[parts.length - 1])) {
      return false;
    }
    String field = parts[parts.length - 1];
    switch (value) {
      case Number n -> obj.put(field, n.doubleValue());
      case Boolean b -> obj.put(field, b);
      case null -> obj.putNull(field);
      default -> obj.put(field, value.toString());
    }
    return true;
  }
}
