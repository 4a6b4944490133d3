package org.vigil.server.ui;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.vigil.server.alerts.AlertService;
import org.vigil.server.alerts.AlertStatus;
import org.vigil.server.care.CareService;
import org.vigil.server.outreach.OutreachService;
import org.vigil.server.users.CurrentUser;
import org.vigil.server.users.Role;
import org.vigil.server.users.User;
import org.vigil.server.users.UserService;
import tools.jackson.databind.json.JsonMapper;

/**
 * The member's own page: their readings and trends with their thresholds, their planned follow-ups, messages
 * from Vigil and their health manager, and their alerts in plain language with the readings behind them.
 */
@Controller
public class MemberPage {
  private final CurrentUser current;
  private final CareService care;
  private final AlertService alerts;
  private final OutreachService outreach;
  private final MemberCharts charts;
  private final UserService users;
  private final Clock clock;
  private final JsonMapper json;
  private final org.springframework.context.MessageSource messages;

  public MemberPage(CurrentUser current, CareService care, AlertService alerts, OutreachService outreach,
      MemberCharts charts, UserService users, Clock clock, JsonMapper json,
      org.springframework.context.MessageSource messages) {
    this.messages = messages;
    this.json = json;
    this.current = current;
    this.care = care;
    this.alerts = alerts;
    this.outreach = outreach;
    this.charts = charts;
    this.users = users;
    this.clock = clock;
  }

  @GetMapping("/me")
  String me(Model model) {
    User me = current.signedIn().filter(u -> u.role() == Role.MEMBER).orElse(null);
    if (me == null) {
      return "redirect:/";
    }
    String id = me.id();
    model.addAttribute("me", me);
    model.addAttribute("m", care.member(id));
    model.addAttribute("manager", users.managerOf(id).flatMap(users::find).orElse(null));
    model.addAttribute("alerts", alerts.list(id, List.of(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED,
        AlertStatus.ESCALATED), 50, 0));
    model.addAttribute("followUps", care.followUps(id, true));
    model.addAttribute("messages", outreach.messages(id));
    model.addAttribute("labelsJson", json.writeValueAsString(charts.labels(messages,
        org.springframework.context.i18n.LocaleContextHolder.getLocale())));
    model.addAttribute("chartsJson", json.writeValueAsString(charts.of(id, clock.instant(), Duration.ofDays(90))));
    return "me";
  }
}
