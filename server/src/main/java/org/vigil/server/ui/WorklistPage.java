package org.vigil.server.ui;

import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.vigil.server.alerts.AlertService;
import org.vigil.server.alerts.AlertStatus;
import org.vigil.server.fhir.ObservationRepository;
import org.vigil.server.patients.PatientService;

/** The health manager's live worklist and a member's page. */
@Controller
public class WorklistPage {
  private static final List<AlertStatus> ACTIVE =
      List.of(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.ESCALATED);

  private final AlertService alerts;
  private final PatientService patients;
  private final ObservationRepository observations;

  public WorklistPage(AlertService alerts, PatientService patients, ObservationRepository observations) {
    this.alerts = alerts;
    this.patients = patients;
    this.observations = observations;
  }

  @GetMapping("/")
  String home() {
    return "redirect:/worklist";
  }

  @GetMapping("/worklist")
  String worklist(Model model) {
    model.addAttribute("entries", alerts.worklist(ACTIVE, false, 100, 0));
    model.addAttribute("open", alerts.count(null, List.of(AlertStatus.OPEN)));
    return "worklist";
  }

  /** The table alone, for htmx to refresh every few seconds. */
  @GetMapping("/ui/worklist")
  String worklistRows(Model model) {
    model.addAttribute("entries", alerts.worklist(ACTIVE, false, 100, 0));
    model.addAttribute("open", alerts.count(null, List.of(AlertStatus.OPEN)));
    return "worklist :: rows";
  }

  @PostMapping("/ui/alerts/{id}/acknowledge")
  String acknowledge(@PathVariable long id, @RequestParam(defaultValue = "demo-manager") String by, Model model) {
    alerts.acknowledge(id, by, "acknowledged on the worklist");
    return worklistRows(model);
  }

  @GetMapping("/members/{id}")
  String member(@PathVariable String id, Model model) {
    var patient = patients.readOrThrow(id);
    model.addAttribute("patient", patient);
    model.addAttribute("name", patient.getNameFirstRep().getNameAsSingleString());
    model.addAttribute("alerts", alerts.list(id, List.of(AlertStatus.values()), 50, 0));
    var readings = observations.search(new ObservationRepository.Query(id, null, null, null, null), 0, 1000);
    model.addAttribute("readings", readings.items().reversed());
    model.addAttribute("bp", readings.items().stream()
        .filter(r -> r.values().stream().anyMatch(v -> v.analyte().equals("systolic-bp")))
        .map(r -> new BpPoint(r.effective().toString(),
            r.values().stream().filter(v -> v.analyte().equals("systolic-bp")).findFirst().map(v -> v.value()).orElse(null),
            r.values().stream().filter(v -> v.analyte().equals("diastolic-bp")).findFirst().map(v -> v.value()).orElse(null),
            r.setting()))
        .toList());
    return "member";
  }

  /** One blood pressure point for the member's chart. */
  public record BpPoint(String time, Double systolic, Double diastolic, String setting) {}
}
