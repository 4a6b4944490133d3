package org.vigil.server.export;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.engine.units.Problem;
import org.vigil.server.web.InvalidInputException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Research exports of a tenant's consenting members, streamed as {@code {"report": {...}, "records": [...]}} (the
 * report first, so a reader knows what it is getting before the records). The tenant comes from the request
 * attribute {@value #TENANT_ATTRIBUTE} set by the security layer, which also restricts these endpoints to operators.
 */
@RestController
@RequestMapping("/api/v1/export")
@Tag(name = "Export", description = "Research exports of consenting members: pseudonymized, or de-identified "
    + "(HIPAA Safe Harbor, GB/T 37964) and k-anonymous with a report of the achieved k and the information lost")
public class ExportController {
  /** The request attribute naming the caller's tenant; {@code default} when absent. */
  public static final String TENANT_ATTRIBUTE = "vigil.tenant";

  private final ExportService service;
  private final JsonMapper json;

  public ExportController(ExportService service, JsonMapper json) {
    this.service = service;
    this.json = json;
  }

  /** The pseudonymized export's shape (for the API documentation). */
  public record PseudonymizedExport(PseudonymizedReport report, List<PseudonymizedRecord> records) {}

  /** The de-identified export's shape (for the API documentation). */
  public record DeidentifiedExport(DeidentificationReport report, List<DeidentifiedRecord> records) {}

  @GetMapping(value = "/pseudonymized", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Consenting members under stable keyed pseudonyms; direct identifiers removed, dates, "
      + "postal code, conditions, readings and alerts as recorded")
  @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
      schema = @Schema(implementation = PseudonymizedExport.class)))
  public void pseudonymized(@RequestAttribute(name = TENANT_ATTRIBUTE, required = false) String tenant,
      HttpServletResponse response) throws IOException {
    JsonStream<PseudonymizedReport, PseudonymizedRecord> out = new JsonStream<>(response);
    service.pseudonymized(tenantOf(tenant), out);
    out.finish();
  }

  @GetMapping(value = "/deidentified", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Consenting members de-identified (Safe Harbor's identifiers removed, dates as years, ages "
      + "over 89 as 90+, geography coarsened) and k-anonymous over age, sex and geography by generalization and "
      + "suppression; the report gives the achieved k, the chosen levels and the information lost")
  @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
      schema = @Schema(implementation = DeidentifiedExport.class)))
  public void deidentified(
      @Parameter(description = "smallest equivalence class allowed, at least 2 (default vigil.export.k)")
      @RequestParam(required = false) Integer k,
      @Parameter(description = "largest fraction of records that may be suppressed, 0 to below 1 "
          + "(default vigil.export.max-suppression)")
      @RequestParam(required = false) Double maxSuppression,
      @RequestAttribute(name = TENANT_ATTRIBUTE, required = false) String tenant,
      HttpServletResponse response) throws IOException {
    int kValue = k == null ? service.defaultK() : k;
    double suppression = maxSuppression == null ? service.defaultMaxSuppression() : maxSuppression;
    List<Problem> problems = new ArrayList<>();
    if (kValue < 2) {
      problems.add(new Problem("k", "must be at least 2"));
    }
    if (!(suppression >= 0 && suppression < 1)) {
      problems.add(new Problem("maxSuppression", "must be at least 0 and below 1"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    JsonStream<DeidentificationReport, DeidentifiedRecord> out = new JsonStream<>(response);
    service.deidentified(tenantOf(tenant), kValue, suppression, out);
    out.finish();
  }

  private static String tenantOf(String attribute) {
    return attribute == null || attribute.isBlank() ? "default" : attribute;
  }

  /**
   * Writes the export as it is produced. Nothing reaches the response before the report, so a failure while the
   * export is being planned still becomes a problem+json answer.
   */
  private final class JsonStream<R, T> implements ExportService.Sink<R, T> {
    private final HttpServletResponse response;
    private JsonGenerator generator;

    JsonStream(HttpServletResponse response) {
      this.response = response;
    }

    @Override
    public void report(R report) {
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-store");
      try {
        generator = json.createGenerator(response.getOutputStream());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      generator.writeStartObject();
      generator.writeName("report");
      generator.writePOJO(report);
      generator.writeName("records");
      generator.writeStartArray();
    }

    @Override
    public void record(T record) {
      generator.writePOJO(record);
    }

    void finish() {
      generator.writeEndArray();
      generator.writeEndObject();
      generator.close();
    }
  }
}
