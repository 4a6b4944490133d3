package org.vigil.server.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.vigil.server.web.NotFoundException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each member's current risk per model, and their Five-Highs tier, as FHIR RiskAssessment: the model as
 * {@code method}, the readings used as {@code basis}, each outcome and horizon as a prediction, missing inputs,
 * the category, citation and warnings as notes.
 */
@Component
public class RiskAssessmentProvider implements IResourceProvider {
  public static final String MODEL_SYSTEM = "http://vigil.health/fhir/CodeSystem/risk-model";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public RiskAssessmentProvider(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public Class<RiskAssessment> getResourceType() {
    return RiskAssessment.class;
  }

  @Read
  public RiskAssessment read(@IdParam IdType id) {
    long n;
    try {
      n = Long.parseLong(id.getIdPart());
    } catch (NumberFormatException e) {
      throw new NotFoundException("RiskAssessment/" + id.getIdPart() + " is not known");
    }
    return query("id = ?", List.of(n), 1, 0).stream().findFirst()
        .orElseThrow(() -> new NotFoundException("RiskAssessment/" + id.getIdPart() + " is not known"));
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = RiskAssessment.SP_PATIENT) ReferenceParam patient,
      @OptionalParam(name = RiskAssessment.SP_METHOD) TokenParam method,
      @Offset Integer offset,
      @Count Integer count) {
    int off = Paging.offset(offset);
    int cnt = Paging.count(count);
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (patient != null) {
      where.add("patient_id = ?");
      params.add(patient.getIdPart());
    }
    if (method != null) {
      where.add("model = ?");
      params.add(method.getValue());
    }
    String w = where.isEmpty() ? "true" : String.join(" and ", where);
    int total = jdbc.sql("select count(*) from risk_assessment where " + w).params(params).query(Integer.class).single();
    return Paging.page(query(w, params, cnt, off), total, off, cnt);
  }

  private List<RiskAssessment> query(String where, List<Object> params, int limit, int offset) {
    List<Object> all = new ArrayList<>(params);
    all.add(limit);
    all.add(offset);
    return jdbc.sql("select id, patient_id, model, body::text, computed_at from risk_assessment where " + where
            + " order by id limit ? offset ?")
        .params(all)
        .query((rs, n) -> toFhir(rs.getLong(1), rs.getString(2), rs.getString(3), json.readTree(rs.getString(4)),
            rs.getObject(5, OffsetDateTime.class)))
        .list();
  }

  private static RiskAssessment toFhir(long id, String patient, String model, JsonNode body, OffsetDateTime at) {
    RiskAssessment r = new RiskAssessment();
    r.setId(new IdType("RiskAssessment", Long.toString(id)));
    r.getMeta().setLastUpdated(Date.from(at.toInstant()));
    r.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
    r.setSubject(new Reference("Patient/" + patient));
    r.setOccurrence(new org.hl7.fhir.r4.model.DateTimeType(Date.from(at.toInstant())));
    r.getMethod().addCoding().setSystem(MODEL_SYSTEM).setCode(model);
    if (model.equals("five-highs-tier")) {
      r.addPrediction().getQualitativeRisk().setText(body.path("tier").asString());
      for (JsonNode reason : body.path("reasons")) {
        r.addNote().setText(reason.path("component").asString() + ": " + reason.path("reason").asString() + " — "
            + reason.path("source").asString() + " (" + reason.path("knowledgeRef").asString() + ")");
      }
      r.addNote().setText("Composition: " + body.path("composition").asString());
      return r;
    }
    body.path("readingsUsed").properties().forEach(e ->
        r.addBasis(new Reference("Observation/" + e.getValue().asLong()).setDisplay(e.getKey())));
    JsonNode result = body.path("result");
    if (result.isMissingNode() || result.isNull()) {
      List<String> missing = new ArrayList<>();
      body.path("missing").forEach(m -> missing.add(m.asString()));
      r.setStatus(RiskAssessment.RiskAssessmentStatus.PRELIMINARY);
      r.addNote().setText(missing.isEmpty() ? "Not computed: inputs refused: " + body.path("refused")
          : "Not computed: missing inputs " + missing);
      return r;
    }
    r.getMethod().setText(result.path("coefficientSet").asString());
    if (result.path("results").isEmpty()) {
      var p = r.addPrediction();
      if (result.hasNonNull("risk")) {
        p.setProbability(new DecimalType(result.path("risk").asDouble()));
      }
      result.path("category").asOptional().ifPresent(c -> p.getQualitativeRisk().setText(c.asString()));
    } else {
      for (JsonNode o : result.path("results")) {
        var p = r.addPrediction();
        p.getOutcome().setText(o.path("outcome").asString());
        p.setProbability(new DecimalType(o.path("risk").asDouble()));
        p.setWhen(new Range().setHigh(new org.hl7.fhir.r4.model.Quantity(o.path("years").asInt())
            .setUnit("a").setSystem("http://unitsofmeasure.org").setCode("a")));
      }
    }
    if (result.hasNonNull("score")) {
      r.addNote().setText("score " + result.path("score").asDouble());
    }
    JsonNode citation = result.path("citation");
    r.addNote().setText("Source: " + citation.path("title").asString() + " (" + citation.path("year").asInt() + "), "
        + citation.path("section").asString());
    result.path("warnings").forEach(w -> r.addNote().setText("Warning: " + w.asString()));
    r.addExtension("http://vigil.health/fhir/StructureDefinition/coefficient-set",
        new StringType(result.path("coefficientSet").asString()));
    return r;
  }
}
