package org.vigil.server.outreach;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Messages to members: write one, read a member's, and the outbox of every message with its delivery. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Outreach", description = "Messages to members and how their delivery went")
public class OutreachController {
  private final OutreachService outreach;
  private final org.vigil.server.users.CurrentUser current;

  public OutreachController(OutreachService outreach, org.vigil.server.users.CurrentUser current) {
    this.outreach = outreach;
    this.current = current;
  }

  /** A message a person writes to a member, and who writes it (until sign-in exists). */
  public record NewMessage(String body, String by) {}

  @PostMapping("/patients/{id}/messages")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Send a member a message (at most 1000 characters); it is queued and delivered through"
      + " the configured channel")
  public MemberMessage send(@PathVariable String id, @RequestBody(required = false) NewMessage message) {
    return outreach.send(id, message == null ? null : message.body(), current.actor(message == null ? null : message.by()));
  }

  @GetMapping("/patients/{id}/messages")
  @Operation(summary = "A member's messages, newest first: safety advice on emergencies and staff's messages,"
      + " each with its delivery status")
  public List<MemberMessage> messages(@PathVariable String id) {
    return outreach.messages(id);
  }

  @GetMapping("/outbox")
  @Operation(summary = "Every message to members, newest first, optionally of one status (pending, sent, failed)")
  public List<MemberMessage> outbox(
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") int offset) {
    return outreach.outbox(status, limit, offset);
  }
}
