package org.vigil.server.ingest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.engine.units.Problem;
import org.vigil.server.web.InvalidInputException;
import tools.jackson.databind.JsonNode;

/** The compact device API: batches of readings from home devices, wearables and labs. */
@RestController
@RequestMapping("/api/v1/readings")
@Tag(name = "Readings", description = "Device readings in compact JSON batches")
public class ReadingsController {
  private final DeviceReadingsParser parser;
  private final IngestService ingest;

  public ReadingsController(DeviceReadingsParser parser, IngestService ingest) {
    this.parser = parser;
    this.ingest = ingest;
  }

  /** The per-item answer: which items were stored, which were duplicates, which were rejected and why. */
  public record BatchResponse(long stored, long duplicates, long rejected, List<Item> items) {}

  public record Item(int index, String status, String id, List<Problem> problems, List<Long> alerts) {}

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  @Operation(summary = "Ingest a batch of up to 10,000 readings",
      description = """
          Each reading names the patient, a LOINC code, a value with its UCUM unit (or, for a panel such as the
          blood-pressure panel 85354-9, its components), the effective time WITH its UTC offset, the source
          device or system, and optionally the setting (home [default], office, ambulatory) and a context such
          as {"fasting": true}. Units convert to canonical UCUM units; mg/dL and mmol/L are both accepted where
          clinically used. Items are processed one by one: valid items are stored and monitored even when others
          are rejected. 200 means every item was stored or was a duplicate; 422 (problem+json) lists each
          rejected item's field and reason and still reports the stored ones. Re-sending a batch is safe: the
          same reading (same identifier, or same patient, code, time, values and source) is never stored twice.""",
      requestBody = @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(
          value = """
              {"readings": [
                {"identifier": "omron-7361t-0042-000187", "patient": "demo-000001", "code": "85354-9",
                 "components": [{"code": "8480-6", "value": 142, "unit": "mm[Hg]"},
                                {"code": "8462-4", "value": 91, "unit": "mm[Hg]"}],
                 "effective": "2026-03-02T07:12:00+08:00", "source": "omron-hem-7361t", "setting": "home"},
                {"patient": "demo-000001", "code": "1558-6", "value": 112, "unit": "mg/dL",
                 "effective": "2026-03-02T07:30:00+08:00", "source": "lab:tianjin-3", "context": {"fasting": true}}
              ]}"""))),
      responses = {
          @ApiResponse(responseCode = "200", description = "every item stored or a duplicate",
              content = @Content(schema = @Schema(implementation = BatchResponse.class))),
          @ApiResponse(responseCode = "400", description = "not a readings batch (malformed JSON, no readings array)",
              content = @Content(mediaType = "application/problem+json")),
          @ApiResponse(responseCode = "422", description = "some items rejected: errors name field and reason",
              content = @Content(mediaType = "application/problem+json"))})
  public ResponseEntity<?> ingest(@org.springframework.web.bind.annotation.RequestBody JsonNode body) {
    List<Problem> envelope = parser.checkEnvelope(body);
    if (!envelope.isEmpty()) {
      throw new InvalidInputException(envelope.stream().anyMatch(p -> p.reason().startsWith("at most")) ? 413 : 400,
          envelope);
    }
    DeviceReadingsParser.Parsed parsed = parser.parse(body);
    IngestReport report = parsed.readings().isEmpty() ? new IngestReport(List.of()) : ingest.ingest(parsed.readings());
    List<ItemOutcome> all = new ArrayList<>(report.items());
    all.addAll(parsed.refused());
    all.sort(Comparator.comparingInt(ItemOutcome::index));
    List<Item> items = all.stream().map(o -> new Item(o.index(), o.status().name().toLowerCase(java.util.Locale.ROOT),
        o.observationId() == null ? null : "Observation/" + o.observationId(), o.problems(), o.alertIds())).toList();
    IngestReport whole = new IngestReport(all);
    BatchResponse response = new BatchResponse(whole.count(ItemOutcome.Status.STORED),
        whole.count(ItemOutcome.Status.DUPLICATE), whole.count(ItemOutcome.Status.REJECTED), items);
    if (!whole.anyRejected()) {
      return ResponseEntity.ok(response);
    }
    List<Problem> errors = all.stream().flatMap(o -> o.problems().stream()).toList();
    ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
        response.rejected() + " of " + items.size() + " readings rejected; " + response.stored()
            + " stored, " + response.duplicates() + " duplicates. First: " + errors.getFirst());
    pd.setType(URI.create("https://vigil.health/problems/invalid-readings"));
    pd.setTitle("Some readings were rejected");
    pd.setProperty("errors", errors.stream().map(p -> Map.of("field", p.field(), "reason", p.reason())).toList());
    pd.setProperty("stored", response.stored());
    pd.setProperty("duplicates", response.duplicates());
    pd.setProperty("rejected", response.rejected());
    pd.setProperty("items", items);
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(pd);
  }
}
