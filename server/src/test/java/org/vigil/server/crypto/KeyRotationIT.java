package org.vigil.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.vigil.server.TestHttp;
import org.vigil.server.VigilApplication;
import org.vigil.server.crypto.Members.Member;
import tools.jackson.databind.JsonNode;

/**
 * Key rotation as docs/encryption.md tells an operator to do it: add a key and make it active, restart, rekey,
 * remove the old key, restart; every member stays readable and searchable throughout.
 */
class KeyRotationIT {
  private static ConfigurableApplicationContext start(Path dataDir, Map<String, String> dataKeys, String active,
      String searchKey) {
    Map<String, Object> props = new HashMap<>();
    props.put("vigil.data-dir", dataDir.toString());
    props.put("vigil.security.active-data-key", active);
    props.put("vigil.security.search-key", searchKey);
    props.put("vigil.security.rekey-on-start", "false");
    dataKeys.forEach((id, key) -> props.put("vigil.security.data-keys." + id, key));
    return new SpringApplicationBuilder(VigilApplication.class).properties(props).run("--server.port=0");
  }

  private static TestHttp http(ConfigurableApplicationContext ctx) {
    // The members of these tests live in the shanghai tenant; its operator reads, searches and rekeys.
    return TestHttp.operator(((WebServerApplicationContext) ctx).getWebServer().getPort(),
        java.nio.file.Path.of(ctx.getEnvironment().getProperty("vigil.data-dir"))).forTenant("shanghai"); // rekey is key upkeep for every tenant
  }

  private static Map<String, Long> keysInUse(ConfigurableApplicationContext ctx) {
    Map<String, Long> out = new HashMap<>();
    ctx.getBean(JdbcClient.class).sql("select pii_key, count(*) from patient group by pii_key")
        .query(rs -> {
          out.put(rs.getString(1), rs.getLong(2));
        });
    return out;
  }

  /** Starts a rekey pass and waits for it to finish; returns its final status. */
  private static JsonNode rekey(TestHttp http, boolean all) throws InterruptedException {
    TestHttp.Response started = http.post("/api/v1/admin/rekey?all=" + all, "application/json", "");
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    for (int i = 0; i < 300; i++) {
      JsonNode status = http.get("/api/v1/admin/rekey").json();
      if (!status.get("running").asBoolean()) {
        assertThat(status.get("error").isNull()).as(status.toString()).isTrue();
        return status;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the rekey pass did not finish in 30 s");
  }

  @Test
  void anOldDataKeyCanBeRemovedOnceTheRekeyPassHasRewrittenItsMembers() throws Exception {
    Path dir = Files.createTempDirectory("vigil-rotation-");
    String k1 = KeyFiles.newKey();
    String k2 = KeyFiles.newKey();
    String search = KeyFiles.newKey();
    List<Member> members = new ArrayList<>();
    try (ConfigurableApplicationContext first = start(dir, Map.of("1", k1), "1", search)) {
      for (int i = 0; i < 3; i++) {
        Member m = Members.member(i == 0 ? "shanghai" : "default");
        Members.create(http(first), m);
        members.add(m);
      }
      assertThat(keysInUse(first)).isEqualTo(Map.of("1", 3L));
    }

    try (ConfigurableApplicationContext second = start(dir, Map.of("1", k1, "2", k2), "2", search)) {
      TestHttp http = http(second);
      for (Member m : members) {
        Members.assertReadsBack(http, m);
      }
      Member later = Members.member("shanghai");
      Members.create(http, later);
      members.add(later);
      assertThat(keysInUse(second)).isEqualTo(Map.of("1", 3L, "2", 1L));
      JsonNode before = http.get("/api/v1/admin/rekey").json();
      assertThat(before.get("activeKey").asString()).isEqualTo("2");
      assertThat(before.get("membersByKey").get("1").asLong()).isEqualTo(3);

      JsonNode done = rekey(http, false);
      assertThat(done.get("rewritten").asLong()).isEqualTo(3);
      assertThat(done.get("membersByKey").properties()).hasSize(1);
      assertThat(done.get("membersByKey").get("2").asLong()).isEqualTo(4);
      assertThat(keysInUse(second)).isEqualTo(Map.of("2", 4L));
    }

    try (ConfigurableApplicationContext third = start(dir, Map.of("2", k2), "2", search)) {
      TestHttp http = http(third);
      for (Member m : members) {
        Members.assertReadsBack(http, m);
        assertThat(Members.search(http.forTenant(m.tenant()), "name=" + m.family())).containsExactly(m.id());
        assertThat(Members.search(http.forTenant(m.tenant()), "identifier=" + Members.NATIONAL_ID + "|"
            + m.nationalId()))
            .containsExactly(m.id());
      }
      Members.assertNoneInClear(third.getBean(JdbcClient.class), members);
    }

    // Removing the key the members are sealed with is refused at start, naming the key, not decrypted wrongly.
    assertThatThrownBy(() -> start(dir, Map.of("1", k1), "1", search).close())
        .hasStackTraceContaining("members are sealed with data key(s) [2]");
  }

  @Test
  void startingWithAnActiveKeyAndRekeyOnStartRewritesOldMembersInTheBackground() throws Exception {
    Path dir = Files.createTempDirectory("vigil-rotation-auto-");
    String k1 = KeyFiles.newKey();
    String k2 = KeyFiles.newKey();
    String search = KeyFiles.newKey();
    Member m = Members.member("default");
    try (ConfigurableApplicationContext first = start(dir, Map.of("1", k1), "1", search)) {
      Members.create(http(first), m);
    }
    Map<String, Object> props = new HashMap<>();
    props.put("vigil.data-dir", dir.toString());
    props.put("vigil.security.data-keys.1", k1);
    props.put("vigil.security.data-keys.2", k2);
    props.put("vigil.security.active-data-key", "2");
    props.put("vigil.security.search-key", search);
    try (ConfigurableApplicationContext second = new SpringApplicationBuilder(VigilApplication.class)
        .properties(props).run("--server.port=0")) {
      for (int i = 0; i < 300 && !keysInUse(second).equals(Map.of("2", 1L)); i++) {
        Thread.sleep(100);
      }
      assertThat(keysInUse(second)).isEqualTo(Map.of("2", 1L));
      Members.assertReadsBack(http(second), m);
    }
  }

  @Test
  void aNewSearchKeyFindsMembersAgainAfterARehashOfEveryMember() throws Exception {
    Path dir = Files.createTempDirectory("vigil-search-key-");
    String k1 = KeyFiles.newKey();
    Member m = Members.member("shanghai");
    try (ConfigurableApplicationContext first = start(dir, Map.of("1", k1), "1", KeyFiles.newKey())) {
      Members.create(http(first), m);
    }
    try (ConfigurableApplicationContext second = start(dir, Map.of("1", k1), "1", KeyFiles.newKey())) {
      TestHttp http = http(second);
      assertThat(Members.search(http, "name=" + m.family())).isEmpty();
      JsonNode done = rekey(http, true);
      assertThat(done.get("all").asBoolean()).isTrue();
      assertThat(done.get("rewritten").asLong()).isEqualTo(1);
      assertThat(Members.search(http, "name=" + m.family())).containsExactly(m.id());
      assertThat(Members.search(http, "identifier=" + Members.MRN + "|" + m.mrn())).containsExactly(m.id());
      Members.assertReadsBack(http, m);
      Members.assertNoneInClear(second.getBean(JdbcClient.class), List.of(m));
    }
  }
}
