package org.vigil.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.databind.json.JsonMapper;

/** The topics' and stores' formats: JSON for events (readable, versionable), a compact binary for member state. */
public final class Formats {
  private Formats() {}

  static final JsonMapper JSON = JsonMapper.builder().build();

  public static <T> Serde<T> json(Class<T> type) {
    Serializer<T> ser = (topic, value) -> value == null ? null : JSON.writeValueAsBytes(value);
    Deserializer<T> de = (topic, bytes) -> bytes == null ? null : JSON.readValue(bytes, type);
    return Serdes.serdeFrom(ser, de);
  }

  /** A member's monitor state in the store, with the profile and knowledge version it was built under. */
  public record StoredState(String profile, String knowledgeVersion, byte[] state) {}

  public static Serde<StoredState> storedState() {
    Serializer<StoredState> ser = (topic, s) -> {
      if (s == null) {
        return null;
      }
      try (var out = new ByteArrayOutputStream(s.state().length + 32); var data = new DataOutputStream(out)) {
        data.writeUTF(s.profile());
        data.writeUTF(s.knowledgeVersion());
        data.writeInt(s.state().length);
        data.write(s.state());
        data.flush();
        return out.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    Deserializer<StoredState> de = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try (var data = new DataInputStream(new ByteArrayInputStream(bytes))) {
        String profile = data.readUTF();
        String version = data.readUTF();
        byte[] state = new byte[data.readInt()];
        data.readFully(state);
        return new StoredState(profile, version, state);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    return Serdes.serdeFrom(ser, de);
  }
}
