package org.vigil.server.patients;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Data-key rotation for operators (docs/encryption.md): start a rekey pass and follow it. */
@RestController
@RequestMapping("/api/v1/admin/rekey")
@Tag(name = "Administration", description = "Encryption keys of personal data at rest")
public class RekeyController {
  private final PatientRekey rekey;

  public RekeyController(PatientRekey rekey) {
    this.rekey = rekey;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Rewrite, in the background, every member sealed with a key other than the active one;"
      + " with all=true every member, recomputing search hashes (after a new search key)")
  public PatientRekey.Status start(@RequestParam(defaultValue = "false") boolean all) {
    return rekey.start(all);
  }

  @GetMapping
  @Operation(summary = "The active key, members per data key (a key no member uses can be removed), the last pass")
  public PatientRekey.Status status() {
    return rekey.status();
  }
}
