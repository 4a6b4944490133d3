package org.vigil.server.consent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.server.users.CurrentUser;

/** A member's consent decisions over REST (the same records as FHIR Consent). */
@RestController
@RequestMapping("/api/v1/patients/{id}/consents")
@Tag(name = "Consent", description = "Sharing with insurers, research, and each outreach channel")
public class ConsentController {
  private final ConsentService consents;
  private final CurrentUser current;

  public ConsentController(ConsentService consents, CurrentUser current) {
    this.consents = consents;
    this.current = current;
  }

  /**
   * A decision.
   *
   * @param scope insurer-sharing | research | outreach-email | outreach-sms | outreach-webhook
   * @param status active (given) | rejected (refused) | inactive (withdrawn)
   * @param grantee for insurer-sharing: the insurer's organization id, or absent for any insurer of the tenant
   */
  public record Body(String scope, String status, String grantee, Instant from, Instant to) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Record a consent decision (a withdrawal is a new decision with status inactive)")
  public ConsentService.Decision record(@PathVariable String id, @RequestBody Body b) {
    return consents.record(id, b.scope(), b.grantee(), b.status(), b.from(), b.to(), current.actor(null), "");
  }

  @GetMapping
  @Operation(summary = "Every consent decision of the member, newest first")
  public List<ConsentService.Decision> list(@PathVariable String id) {
    return consents.history(id);
  }
}
