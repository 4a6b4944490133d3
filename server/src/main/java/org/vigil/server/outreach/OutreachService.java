package org.vigil.server.outreach;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.engine.units.Problem;
import org.vigil.server.patients.PatientService;
import org.vigil.server.web.InvalidInputException;

/**
 * Messages to members: a health manager writes one (it is queued and the dispatcher sends it right after the
 * commit); staff read a member's messages and the outbox of all of them with how their delivery went.
 */
@Service
public class OutreachService {
  private static final Logger log = LoggerFactory.getLogger(OutreachService.class);
  /** The longest message a person may write, in characters. */
  public static final int MAX_BODY = 1000;
  private static final List<String> STATUSES = List.of("pending", "sent", "failed");

  private final MessageRepository messages;
  private final PatientService patients;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public OutreachService(MessageRepository messages, PatientService patients, ApplicationEventPublisher events,
      Clock clock) {
    this.messages = messages;
    this.patients = patients;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Queues a person's message to a member; {@code by} is the author's user id (kept with the message, not
   * logged). Refused (422, naming {@code body}) when the text is missing, blank or longer than
   * {@value #MAX_BODY} characters; 404 when the member does not exist.
   */
  @Transactional
  public MemberMessage send(String patientId, String body, String by) {
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      throw new InvalidInputException(List.of(new Problem("body", "the message text is required")));
    }
    int length = text.codePointCount(0, text.length());
    if (length > MAX_BODY) {
      throw new InvalidInputException(List.of(new Problem("body",
          "the message is " + length + " characters; at most " + MAX_BODY + " are allowed")));
    }
    patients.readOrThrow(patientId);
    long id = messages.insert(patientId, null, MessageRepository.MANAGER_MESSAGE, text, clock.instant(), by);
    log.info("message {} to member {} queued by staff", id, patientId);
    events.publishEvent(new MessageQueued(patientId));
    return messages.find(id).orElseThrow();
  }

  /** A member's messages, newest first (404 when the member does not exist). */
  @Transactional(readOnly = true)
  public List<MemberMessage> messages(String patientId) {
    patients.readOrThrow(patientId);
    return messages.ofMember(patientId);
  }

  /** All messages, newest first, optionally of one status ({@code pending}, {@code sent}, {@code failed}). */
  @Transactional(readOnly = true)
  public List<MemberMessage> outbox(String status, int limit, int offset) {
    String s = status == null || status.isBlank() ? null : status.strip();
    if (s != null && !STATUSES.contains(s)) {
      throw InvalidInputException.of("status", "'" + s + "' is not one of " + String.join(", ", STATUSES));
    }
    if (limit < 1 || limit > 1000) {
      throw InvalidInputException.of("limit", "must be between 1 and 1000");
    }
    if (offset < 0) {
      throw InvalidInputException.of("offset", "must not be negative");
    }
    // An operator sees their tenant's outbox (ADR 0014); background work sees all.
    return messages.outbox(s, org.vigil.server.security.AccessPolicy.principal()
        .map(org.vigil.server.security.VigilPrincipal::tenant).orElse(null), limit, offset);
  }
}
