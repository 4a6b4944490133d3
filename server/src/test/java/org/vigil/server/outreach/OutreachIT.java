package org.vigil.server.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.server.IntegrationTest;
import org.vigil.server.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/** Messages to members through the REST API, delivered by the default outbox channel. */
class OutreachIT extends IntegrationTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Autowired
  MessageRepository messages;

  @Autowired
  TransactionTemplate tx;

  @Test
  void aManagersMessageIsQueuedAndThenSentThroughTheOutbox() {
    String p = unique("out");
    patient(p);

    Response created = postJson("/api/v1/patients/" + p + "/messages",
        "{\"body\": \"  Please take a reading tomorrow morning.  \"}");

    assertThat(created.status()).isEqualTo(201);
    JsonNode m = created.json();
    long id = m.get("id").asLong();
    assertThat(m.get("patientId").asString()).isEqualTo(p);
    assertThat(m.get("kind").asString()).isEqualTo("manager-message");
    assertThat(m.get("body").asString()).isEqualTo("Please take a reading tomorrow morning.");
    assertThat(m.get("alertId").isNull()).isTrue();
    assertThat(m.get("status").asString()).isEqualTo("pending");
    assertThat(m.get("createdAt").isNull()).isFalse();

    JsonNode sent = eventually(() -> find(get("/api/v1/outbox?status=sent&limit=1000").json(), id));
    assertThat(sent.get("status").asString()).isEqualTo("sent");
    assertThat(sent.get("channel").asString()).isEqualTo("outbox");
    assertThat(sent.get("attempts").asInt()).isEqualTo(1);
    assertThat(sent.get("sentAt").isNull()).isFalse();
    assertThat(sent.get("lastError").isNull()).isTrue();
    // Sent right after the commit, not at the next poll (every 5 s).
    assertThat(Duration.between(Instant.parse(sent.get("createdAt").asString()),
        Instant.parse(sent.get("sentAt").asString()))).isLessThan(Duration.ofMillis(1500));

    JsonNode mine = get("/api/v1/patients/" + p + "/messages").json();
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).get("id").asLong()).isEqualTo(id);
    assertThat(mine.get(0).get("status").asString()).isEqualTo("sent");
    assertThat(find(get("/api/v1/outbox?status=pending&limit=1000").json(), id)).isNull();
  }

  @Test
  void aMessageWrittenWithoutTheEventIsSentByThePoll() {
    String p = unique("out");
    patient(p);
    long id = tx.execute(s -> messages.insert(p, null, "safety-advice", "Call 120 now.", Instant.now(), null));

    JsonNode sent = eventually(() -> {
      JsonNode list = get("/api/v1/patients/" + p + "/messages").json();
      JsonNode m = find(list, id);
      return m != null && m.get("status").asString().equals("sent") ? m : null;
    });

    assertThat(sent.get("channel").asString()).isEqualTo("outbox");
    assertThat(sent.get("kind").asString()).isEqualTo("safety-advice");
  }

  @Test
  void anEmptyOrOverlongBodyIsRefusedNamingItAndNothingIsWritten() {
    String p = unique("out");
    patient(p);

    for (String body : List.of("{\"body\": \"\"}", "{\"body\": \"   \"}", "{}",
        "{\"body\": \"" + "x".repeat(1001) + "\"}")) {
      Response r = postJson("/api/v1/patients/" + p + "/messages", body);
      assertThat(r.status()).as(body).isEqualTo(422);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
    }
    assertThat(count("select count(*) from member_message where patient_id = ?", p)).isZero();

    Response longest = postJson("/api/v1/patients/" + p + "/messages", "{\"body\": \"" + "字".repeat(1000) + "\"}");
    assertThat(longest.status()).isEqualTo(201);
  }

  @Test
  void anUnknownMemberIsNotFound() {
    String p = unique("out-nobody");

    Response post = postJson("/api/v1/patients/" + p + "/messages", "{\"body\": \"Hello\"}");
    Response list = get("/api/v1/patients/" + p + "/messages");

    assertThat(post.status()).isEqualTo(404);
    assertThat(post.contentType()).startsWith("application/problem+json");
    assertThat(list.status()).isEqualTo(404);
    assertThat(count("select count(*) from member_message where patient_id = ?", p)).isZero();
  }

  @Test
  void theOutboxRefusesAnUnknownStatus() {
    Response r = get("/api/v1/outbox?status=lost");

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
  }

  @Test
  void aClaimedMessageCarriesTheMembersPreferredPhoneAndEmail() {
    String p = unique("out");
    Response r = put("/fhir/Patient/" + p, "application/fhir+json", """
        {"resourceType": "Patient", "id": "%s", "name": [{"family": "Test", "given": ["Member"]}],
         "telecom": [
           {"system": "phone", "value": "+86 21 0000 0000", "use": "old"},
           {"system": "email", "value": "second@example.org", "rank": 2},
           {"system": "phone", "value": "+86 138 0000 0001"},
           {"system": "email", "value": "first@example.org", "rank": 1}]}""".formatted(p));
    assertThat(r.status()).isIn(200, 201);

    // Inserted and claimed in one transaction that is rolled back: the dispatcher never sees the message.
    OutboundMessage claimed = tx.execute(s -> {
      s.setRollbackOnly();
      long id = messages.insert(p, null, "manager-message", "Hello", Instant.now(), null);
      return messages.claim(List.of(), 1000).stream().filter(m -> m.messageId() == id).findFirst().orElse(null);
    });

    assertThat(claimed).isNotNull();
    assertThat(claimed.patientId()).isEqualTo(p);
    assertThat(claimed.phone()).isEqualTo("+86 138 0000 0001");
    assertThat(claimed.email()).isEqualTo("first@example.org");
    assertThat(claimed.toString()).doesNotContain("Hello", "0001", "example.org");
    assertThat(count("select count(*) from member_message where patient_id = ?", p)).isZero();
  }

  private static JsonNode find(JsonNode list, long id) {
    for (JsonNode m : list) {
      if (m.get("id").asLong() == id) {
        return m;
      }
    }
    return null;
  }

  /** Polls until the supplier gives a non-null answer, failing after the deadline. */
  private static JsonNode eventually(Supplier<JsonNode> probe) {
    Instant until = Instant.now().plus(DEADLINE);
    while (true) {
      JsonNode answer = probe.get();
      if (answer != null) {
        return answer;
      }
      assertThat(Instant.now()).as("waited %s", DEADLINE).isBefore(until);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
