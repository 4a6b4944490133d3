package org.vigil.server.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import org.vigil.server.alerts.AlertService;
import org.vigil.server.alerts.AlertStatus;
import org.vigil.server.alerts.AlertView;
import org.vigil.server.care.Care;
import org.vigil.server.care.CareController;
import org.vigil.server.care.CareService;
import org.vigil.server.care.Worklist;
import org.vigil.server.monitoring.FindingsController;
import org.vigil.server.outreach.OutreachService;
import org.vigil.server.patients.MemberContact;
import org.vigil.server.patients.PatientDirectory;
import org.vigil.server.users.CurrentUser;
import org.vigil.server.users.Role;
import org.vigil.server.users.User;
import org.vigil.server.users.UserService;
import org.vigil.server.web.NotFoundException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The health manager's and doctor's pages: the worklist, a member, the doctor's escalation queue and the outbox.
 * Pages read through the same services as the REST API; every action on them calls the REST API (vigil.js).
 */
@Controller
public class WorkbenchPages {
  /** Members per worklist page. */
  static final int PAGE = 25;

  private final Worklist worklist;
  private final CareController careApi;
  private final CareService care;
  private final AlertService alerts;
  private final FindingsController findings;
  private final MemberCharts charts;
  private final UserService users;
  private final CurrentUser current;
  private final OutreachService outreach;
  private final JdbcClient jdbc;
  private final PatientDirectory directory;
  private final JsonMapper json;
  private final org.springframework.context.MessageSource messages;
  private final Clock clock;

  public WorkbenchPages(Worklist worklist, CareController careApi, CareService care, AlertService alerts,
      FindingsController findings, MemberCharts charts, UserService users, CurrentUser current,
      OutreachService outreach, JdbcClient jdbc, PatientDirectory directory, JsonMapper json, Clock clock,
      org.springframework.context.MessageSource messages) {
    this.messages = messages;
    this.worklist = worklist;
    this.careApi = careApi;
    this.care = care;
    this.alerts = alerts;
    this.findings = findings;
    this.charts = charts;
    this.users = users;
    this.current = current;
    this.outreach = outreach;
    this.jdbc = jdbc;
    this.directory = directory;
    this.json = json;
    this.clock = clock;
  }

  @GetMapping("/")
  String home() {
    return current.signedIn().map(u -> "redirect:" + LoginPage.home(u.role())).orElse("redirect:/login");
  }

  @GetMapping("/worklist")
  String worklist(@RequestParam(required = false) String condition, @RequestParam(required = false) String severity,
      @RequestParam(defaultValue = "open,acknowledged,escalated") String status,
      @RequestParam(required = false) String tier, @RequestParam(defaultValue = "false") boolean mine,
      @RequestParam(defaultValue = "0") int offset, Model model) {
    worklistModel(condition, severity, status, tier, mine, offset, model);
    return "worklist";
  }

  /** The list alone, for htmx to refresh. */
  @GetMapping("/ui/worklist")
  String worklistRows(@RequestParam(required = false) String condition,
      @RequestParam(required = false) String severity,
      @RequestParam(defaultValue = "open,acknowledged,escalated") String status,
      @RequestParam(required = false) String tier, @RequestParam(defaultValue = "false") boolean mine,
      @RequestParam(defaultValue = "0") int offset, Model model) {
    worklistModel(condition, severity, status, tier, mine, offset, model);
    return "worklist :: rows";
  }

  private void worklistModel(String condition, String severity, String status, String tier, boolean mine, int offset,
      Model model) {
    User me = user(model);
    boolean panel = mine && me.role() == Role.MANAGER;
    Worklist.Page page = worklist.page(careApi.filter(condition, severity, status, tier, null, panel, true, false,
        null), PAGE, Math.max(0, offset));
    model.addAttribute("page", page);
    model.addAttribute("f", Map.of("condition", nz(condition), "severity", nz(severity), "status", status,
        "tier", nz(tier), "mine", panel));
    UriComponentsBuilder q = UriComponentsBuilder.newInstance();
    if (!nz(condition).isEmpty()) {
      q.queryParam("condition", condition);
    }
    if (!nz(severity).isEmpty()) {
      q.queryParam("severity", severity);
    }
    q.queryParam("status", status);
    if (!nz(tier).isEmpty()) {
      q.queryParam("tier", tier);
    }
    if (panel) {
      q.queryParam("mine", true);
    }
    String query = q.build().encode().getQuery();
    model.addAttribute("query", query);
    model.addAttribute("prev", offset > 0 ? "/worklist?" + query + "&offset=" + Math.max(0, offset - PAGE) : null);
    model.addAttribute("next", offset + PAGE < page.total() ? "/worklist?" + query + "&offset=" + (offset + PAGE)
        : null);
    model.addAttribute("offset", offset);
    model.addAttribute("panelSize", panel ? users.panelSize(me.id()) : 0);
    model.addAttribute("reviews", care.recentReviews(panel ? me.id() : null, 7));
    model.addAttribute("conditions", List.of("hypertension", "diabetes", "dyslipidemia", "hyperuricemia", "obesity"));
    model.addAttribute("severities", List.of("emergency", "urgent", "attention", "info"));
    model.addAttribute("tiers", List.of("very-high", "high", "medium", "low"));
  }

  /** An alert's evidence, loaded when a worklist reader unfolds it (keeps the worklist page small). */
  @GetMapping("/ui/alerts/{id}/details")
  String alertDetails(@PathVariable long id, Model model) {
    model.addAttribute("a", alerts.get(id));
    return "fragments :: alertDetails(a=${a})";
  }

  @GetMapping("/members/{id}")
  String member(@PathVariable String id, Model model) {
    user(model);
    var m = care.member(id);
    Instant now = clock.instant();
    model.addAttribute("id", id);
    model.addAttribute("m", m);
    model.addAttribute("nameText", directory.contact(id).map(MemberContact::nameText).orElse(""));
    model.addAttribute("manager", users.managerOf(id).flatMap(users::find).orElse(null));
    model.addAttribute("assignments", users.history(id));
    model.addAttribute("managers", users.list(java.util.Optional.of(Role.MANAGER), false));
    model.addAttribute("tierReasons", tierReasons(id));
    model.addAttribute("conditions", findings.findings(id));
    List<AlertView> all = alerts.list(id, List.of(AlertStatus.values()), 100, 0);
    model.addAttribute("active", all.stream().filter(a -> !a.status().equals("resolved")).toList());
    model.addAttribute("resolved", all.stream().filter(a -> a.status().equals("resolved")).limit(20).toList());
    model.addAttribute("reviews", reviewsByAlert(id));
    model.addAttribute("followUps", care.followUps(id, false));
    model.addAttribute("timeline", care.timeline(id, 100));
    model.addAttribute("messages", outreach.messages(id));
    model.addAttribute("labelsJson", json.writeValueAsString(charts.labels(messages,
        org.springframework.context.i18n.LocaleContextHolder.getLocale())));
    model.addAttribute("chartsJson", json.writeValueAsString(charts.of(id, now, Duration.ofDays(180))));
    model.addAttribute("managed", !"basic".equals(m.serviceTier()));
    try {
      model.addAttribute("suggestion", care.suggestion(id));
    } catch (NotFoundException e) {
      model.addAttribute("suggestion", null);
    }
    return "member";
  }

  @GetMapping("/doctor")
  String doctor(Model model) {
    user(model);
    List<AlertView> queue = alerts.list(null, List.of(AlertStatus.ESCALATED), 100, 0);
    Map<String, Object> members = new LinkedHashMap<>();
    Map<Long, Object> histories = new LinkedHashMap<>();
    for (AlertView a : queue) {
      members.computeIfAbsent(a.patientId(), care::member);
      histories.put(a.id(), alerts.history(a.id()));
    }
    model.addAttribute("queue", queue);
    model.addAttribute("members", members);
    model.addAttribute("histories", histories);
    model.addAttribute("decided", care.recentReviews(null, 7));
    return "doctor";
  }

  @GetMapping("/outbox")
  String outbox(@RequestParam(required = false) String status, Model model) {
    user(model);
    model.addAttribute("messages", outreach.outbox(status == null || status.isBlank() ? null : status, 200, 0));
    model.addAttribute("status", nz(status));
    return "outbox";
  }

  private User user(Model model) {
    User me = current.signedIn().orElseThrow();
    model.addAttribute("me", me);
    return me;
  }

  private Map<Long, List<Care.Review>> reviewsByAlert(String patientId) {
    Map<Long, List<Care.Review>> out = new LinkedHashMap<>();
    for (Care.Review r : care.reviewsOfMember(patientId)) {
      out.computeIfAbsent(r.alertId(), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  /** The stored reasons of the member's Five-Highs tier, as "reason — source" lines. */
  private List<String> tierReasons(String id) {
    String raw = jdbc.sql("select tier_reasons::text from patient where id = ?").param(id).query(String.class)
        .optional().orElse(null);
    List<String> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    JsonNode node = json.readTree(raw);
    for (JsonNode r : node.path("reasons")) {
      out.add(r.path("tier").asString("") + ": " + r.path("reason").asString("") + " — " + r.path("source").asString(""));
    }
    return out;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
