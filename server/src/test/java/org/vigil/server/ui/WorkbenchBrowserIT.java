package org.vigil.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.vigil.server.Times.daysAgo;
import static org.vigil.server.Times.hoursAgo;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.server.IntegrationTest;
import org.vigil.server.users.Role;
import org.vigil.server.users.User;
import org.vigil.server.users.UserService;
import tools.jackson.databind.JsonNode;

/**
 * The health manager's workbench in a real browser (headless Chromium driven by the system's chromedriver):
 * sign-in, the worklist and its call list, a member's page with charts, acknowledging, recording a call,
 * planning a follow-up, escalating to a doctor, the doctor's decision shown back to the manager, the language
 * switch, the member's own page and the phone layout. Every step asserts on what the user sees and checks the
 * REST API behind it. Screenshots of the main pages go to {@code vigil.screenshots} (default
 * {@code target/screenshots}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchBrowserIT extends IntegrationTest {
  private static final String CHROMEDRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
  private static final String CHROMIUM = System.getProperty("vigil.chromium", "/usr/bin/chromium");
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String NEW_PAGE = "vigil-test:new-page";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** The browser, shared by the ordered steps (they are one story: each builds on the one before). */
  private static ChromeDriver driver;
  private static Path screenshots;

  @RegisterExtension
  static final TestWatcher ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (driver != null) {
        shoot("failed-" + context.getRequiredTestMethod().getName());
      }
    }
  };

  @Autowired
  UserService users;

  private final String run = unique("ui");
  private final String manager = run + "-mgr";
  private final String doctor = run + "-dr";
  /** Premium, hypertensive crisis (emergency) on top of a high home mean; also a member who signs in. */
  private final String p1 = run + "-p1";
  /** Professional, home blood pressure mean at attention level. */
  private final String p2 = run + "-p2";
  /** Professional, home blood pressure mean at attention level, waiting longer. */
  private final String p3 = run + "-p3";
  private long crisis;
  private long homeAlert;

  @BeforeAll
  void setUp() {
    screenshots = Path.of(System.getProperty("vigil.screenshots", "target/screenshots"));
    driver = startChromium();
    users.save(new User(manager, "王芳 Wang Fang", Role.MANAGER, "default", "zh-CN", null, true));
    users.save(new User(doctor, "张伟医生 Dr Zhang Wei", Role.DOCTOR, "default", "zh-CN", null, true));
    users.setCareTeam(doctor, java.util.List.of(manager));
    member(p1, "Liu", "Min", "刘敏", "female", "1958-03-14", "premium", "+86 138 0000 0001");
    member(p2, "Zhou", "Jun", "周军", "male", "1962-09-02", "professional", "+86 138 0000 0002");
    member(p3, "Sun", "Li", "孙丽", "female", "1970-01-21", "professional", "+86 138 0000 0003");
    users.save(new User(p1, "刘敏 Liu Min", Role.MEMBER, "default", "zh-CN", null, true));
    for (String p : List.of(p1, p2, p3)) {
      users.assign(p, manager, "test", "browser test panel");
    }
    readings(bp(p3, 146, 92, daysAgo(6, 2), "home"), bp(p3, 142, 90, daysAgo(5, 2), "home"),
        bp(p3, 144, 91, daysAgo(4, 2), "home"), bp(p3, 141, 89, daysAgo(3, 2), "home"));
    readings(bp(p2, 138, 86, daysAgo(5, 1), "home"), bp(p2, 136, 84, daysAgo(4, 1), "home"),
        bp(p2, 139, 87, daysAgo(3, 1), "home"), bp(p2, 137, 85, daysAgo(2, 1), "home"));
    readings(bp(p1, 128, 82, daysAgo(40, 3), "office"), bp(p1, 134, 84, daysAgo(20, 3), "office"),
        bp(p1, 152, 96, daysAgo(6, 1), "home"), bp(p1, 149, 94, daysAgo(5, 1), "home"),
        bp(p1, 155, 97, daysAgo(4, 1), "home"), bp(p1, 151, 95, daysAgo(3, 1), "home"),
        single(p1, "29463-7", 68.5, "kg", daysAgo(6, 0), ""), single(p1, "29463-7", 68.9, "kg", daysAgo(1, 0), ""),
        bp(p1, 192, 118, hoursAgo(1), "home"));
    Map<String, JsonNode> alerts = alertsByFamily(p1);
    assertThat(alerts).as("alerts of %s", p1).containsKeys("htn-crisis", "htn-home");
    crisis = alerts.get("htn-crisis").get("id").asLong();
    homeAlert = alerts.get("htn-home").get("id").asLong();
    assertThat(alerts.get("htn-crisis").get("severity").asString()).isEqualTo("emergency");
    assertThat(alertsByFamily(p2).get("htn-home").get("severity").asString()).isEqualTo("attention");
    assertThat(alertsByFamily(p3)).containsKey("htn-home");
  }

  @AfterAll
  void tearDown() {
    if (driver != null) {
      driver.quit();
      driver = null;
    }
  }

  @Test
  @Order(1)
  void signingInAsTheManagerOpensTheirPanelMostSevereFirst() {
    open("/worklist");
    waitFor(d -> path().equals("/login"));
    assertThat(text("h1")).isEqualTo("Sign in");
    assertThat(roleOf(manager)).isEqualTo("Health manager");
    assertThat(roleOf(doctor)).isEqualTo("Doctor");
    List<WebElement> members = driver.findElements(By.xpath("//section[h2='Member']//button[@data-user]"));
    if (members.size() < 8) {
      assertThat(roleOf(p1)).as("the member is listed (the page shows at most 8 demo members)").isEqualTo("Member");
    }
    noMissingMessages();
    shoot("login");

    signIn(manager);
    waitFor(d -> path().equals("/worklist"));
    assertThat(driver.getCurrentUrl()).contains("mine=true");
    assertThat(text("h1")).isEqualTo("My panel");
    assertThat(text("#who")).contains("Wang Fang");
    List<String> order = texts("section.member[data-patient]", "data-patient");
    assertThat(order).as("my panel").containsExactlyInAnyOrder(p1, p2, p3);
    assertThat(order.getFirst()).as("the most severe first").isEqualTo(p1);
    assertThat(text("#total")).isEqualTo("3");

    JsonNode api = get("/api/v1/alerts/" + crisis).json();
    WebElement first = driver.findElement(By.cssSelector("section.member[data-patient='" + p1 + "']"));
    assertThat(label(first.findElement(By.cssSelector("h2 .badge")))).isEqualTo("Emergency");
    assertThat(first.findElement(By.cssSelector("a.member-link")).getText()).isEqualTo("Liu Min");
    WebElement alert = first.findElement(By.id("alert-" + crisis));
    assertThat(label(alert.findElement(By.cssSelector(".badge.emergency")))).isEqualTo("Emergency");
    assertThat(alert.findElement(By.cssSelector("p > strong")).getText()).isEqualTo(api.get("levelLabel").asString());
    assertThat(label(alert.findElement(By.cssSelector(".status")))).isEqualTo("Open");
    assertThat(squash(alert.findElement(By.cssSelector(".explanation")).getText()))
        .isEqualTo(squash(api.get("explanation").asString())).contains("192/118");
    assertThat(squash(alert.getText())).contains("Recommended action: " + squash(api.get("recommendedAction").asString()));
    WebElement attention = driver.findElement(By.cssSelector("section.member[data-patient='" + p2 + "']"));
    assertThat(label(attention.findElement(By.cssSelector(".alert .badge")))).isEqualTo("Attention");
    noMissingMessages();
    shoot("worklist");
    // The evidence is fetched when unfolded (htmx), so the worklist stays small.
    alert.findElement(By.cssSelector("details.lazy > summary")).click();
    WebElement cite = waitFor(d -> visible(alert.findElement(By.cssSelector("details.lazy .cite"))));
    assertThat(cite.getText()).contains(api.get("citation").get("title").asString());
    assertThat(alert.findElements(By.cssSelector("details.lazy ul.evidence li"))).extracting(WebElement::getText)
        .anyMatch(t -> t.contains("Systolic blood pressure 192 mmHg"));
    alert.findElement(By.cssSelector("details.lazy > summary")).click();
    assertThat(driver.getCurrentUrl()).as("the session id must travel in the cookie only, never in the address")
        .doesNotContainIgnoringCase("jsessionid");
  }

  @Test
  @Order(2)
  void theCallListIsACsvOfTheSamePanel() throws Exception {
    String href = driver.findElement(By.id("csv")).getAttribute("href");
    assertThat(href).contains("/api/v1/worklist.csv").contains("mine=true");
    Cookie session = driver.manage().getCookieNamed("JSESSIONID");
    assertThat(session).as("the browser's session cookie").isNotNull();
    HttpResponse<String> csv = HTTP.send(HttpRequest.newBuilder(URI.create(href))
        .header("Cookie", "JSESSIONID=" + session.getValue()).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.getFirst()).startsWith("priority,days_waiting,member_id,name,phone");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).startsWith("emergency,").contains("," + p1 + ",").contains("Hypertensive crisis");
    assertThat(csv.body()).contains(p2).contains(p3);
  }

  @Test
  @Order(3)
  void theMemberPageShowsChartsFindingsAndTheAlertWithItsGuideline() {
    WebElement link = waitFor(d -> d.findElement(By.cssSelector("section.member[data-patient='" + p1 + "'] a.member-link")));
    link.click();
    waitFor(d -> path().equals("/members/" + p1));
    assertThat(text("#member-name")).isEqualTo("Liu Min");
    assertThat(driver.findElement(By.cssSelector("h1")).getText()).contains("刘敏");
    waitFor(d -> !d.findElements(By.cssSelector("#charts .chart")).isEmpty());
    assertThat(texts("#charts .chart", "id")).contains("chart-bp", "chart-weight");
    assertThat(text("#chart-bp h3")).isEqualTo("Blood pressure (mmHg)");
    Long painted = waitFor(d -> {
      Object n = js("""
          const c = document.querySelector('#chart-bp canvas');
          if (!c || !c.width || !c.height) return 0;
          const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
          return n;""");
      return n instanceof Long l && l > 2000 ? l : null;
    });
    assertThat(painted).as("painted pixels of the blood-pressure chart").isGreaterThan(2000);
    assertThat(js("return typeof echarts !== 'undefined' && !!echarts.getInstanceByDom("
        + "document.querySelector('#chart-bp .chart-area'))")).isEqualTo(true);

    WebElement htn = driver.findElement(By.xpath("//div[contains(@class,'condition')][strong='Hypertension']"));
    assertThat(htn.getText()).contains("Hypertensive crisis");

    JsonNode api = get("/api/v1/alerts/" + crisis).json();
    WebElement alert = driver.findElement(By.id("alert-" + crisis));
    assertThat(label(alert.findElement(By.cssSelector(".status")))).isEqualTo("Open");
    alert.findElement(By.cssSelector("details > summary")).click();
    WebElement cite = waitFor(d -> visible(alert.findElement(By.cssSelector(".cite"))));
    JsonNode citation = api.get("citation");
    assertThat(cite.getText()).contains(citation.get("title").asString()).contains(citation.get("year").asString())
        .contains(citation.get("section").asString());
    assertThat(alert.findElements(By.cssSelector("ul.evidence li"))).extracting(WebElement::getText)
        .anyMatch(t -> t.contains("Systolic blood pressure 192 mmHg") && t.contains("(home, Observation/"));
    assertThat(label(driver.findElement(By.cssSelector("#alert-" + homeAlert + " .badge")))).isEqualTo("Attention");
    noMissingMessages();
    alert.findElement(By.cssSelector("details > summary")).click();
    js("window.scrollTo(0, 0)");
    shoot("member");
  }

  @Test
  @Order(4)
  void acknowledgingTheAlertIsRecordedWithTheManagersName() {
    submit(driver.findElement(By.cssSelector("#alert-" + crisis + " button.ack")));
    WebElement status = driver.findElement(By.cssSelector("#alert-" + crisis + " .status"));
    assertThat(label(status)).isEqualTo("Acknowledged");
    assertThat(status.getAttribute("class")).contains("st-acknowledged");
    JsonNode api = get("/api/v1/alerts/" + crisis).json();
    assertThat(api.get("status").asString()).isEqualTo("acknowledged");
    assertThat(api.get("acknowledgedBy").asString()).isEqualTo(manager);
  }

  @Test
  @Order(5)
  void aCallAttemptLandsOnTheTimeline() {
    new Select(driver.findElement(By.cssSelector("#contact-form select[name=outcome]"))).selectByValue("no-answer");
    new Select(driver.findElement(By.cssSelector("#contact-form select[name=alertId]")))
        .selectByValue(Long.toString(crisis));
    driver.findElement(By.cssSelector("#contact-form input[name=note]")).sendKeys("left a voicemail");
    submit(driver.findElement(By.cssSelector("#contact-form button[type=submit]")));
    assertThat(driver.findElements(By.cssSelector("#timeline li[data-kind='contact']"))).singleElement()
        .extracting(WebElement::getText).asString()
        .contains("phone: no-answer — left a voicemail").contains(manager);
    JsonNode contacts = get("/api/v1/patients/" + p1 + "/contacts").json();
    assertThat(contacts).hasSize(1);
    assertThat(contacts.get(0).get("by").asString()).isEqualTo(manager);
    assertThat(contacts.get(0).get("outcome").asString()).isEqualTo("no-answer");
    assertThat(contacts.get(0).get("alertId").asLong()).isEqualTo(crisis);
  }

  @Test
  @Order(6)
  void aCallWithoutAnOutcomeIsRefusedNamingTheField() {
    int before = get("/api/v1/patients/" + p1 + "/contacts").json().size();
    js("document.querySelector('#contact-form select[name=outcome]').removeAttribute('required')");
    WebElement html = driver.findElement(By.tagName("html"));
    driver.findElement(By.cssSelector("#contact-form button[type=submit]")).click();
    WebElement error = waitFor(d -> d.findElement(By.cssSelector("#contact-form .form-result.error")));
    assertThat(error.getText()).startsWith("outcome:").contains("is required");
    assertThat(stale(html)).as("the page stays as it is").isFalse();
    assertThat(get("/api/v1/patients/" + p1 + "/contacts").json()).hasSize(before);
    assertThat(driver.findElements(By.cssSelector("#timeline li[data-kind='contact']"))).hasSize(before);
  }

  @Test
  @Order(7)
  void aFollowUpIsPlannedWithTheSuggestedInterval() {
    JsonNode suggestion = get("/api/v1/patients/" + p1 + "/follow-ups/suggestion").json();
    String interval = suggestion.get("interval").asString();
    assertThat(text("#suggestion")).contains(interval).contains(suggestion.get("basis").asString())
        .contains("five-highs-tier.yaml");
    assertThat(driver.findElement(By.cssSelector("#followup-form input[name=interval]")).getAttribute("value"))
        .isEqualTo(interval);
    driver.findElement(By.cssSelector("#followup-form input[name=reason]")).sendKeys("recheck home blood pressure");
    Instant before = Instant.now();
    submit(driver.findElement(By.cssSelector("#followup-form button[type=submit]")));
    assertThat(driver.findElements(By.cssSelector("table.followups tr"))).extracting(WebElement::getText)
        .anyMatch(t -> t.contains("recheck home blood pressure") && t.contains("planned"));
    JsonNode planned = get("/api/v1/patients/" + p1 + "/follow-ups?open=true").json();
    assertThat(planned).hasSize(1);
    assertThat(planned.get(0).get("createdBy").asString()).isEqualTo(manager);
    Duration in = Duration.between(before, Instant.parse(planned.get(0).get("dueAt").asString()));
    long days = java.time.Period.parse(interval).getDays();
    assertThat(in).isBetween(Duration.ofDays(days).minusMinutes(5), Duration.ofDays(days).plusMinutes(5));
  }

  @Test
  @Order(8)
  void theAlertIsEscalatedToADoctorWithAReason() {
    WebElement summary = driver.findElement(By.cssSelector("#alert-" + crisis + " details:has(form.escalate) > summary"));
    assertThat(summary.getText()).isEqualTo("Escalate to a doctor");
    summary.click();
    WebElement reason = waitFor(d -> visible(d.findElement(By.cssSelector("#alert-" + crisis
        + " form.escalate input[name=reason]"))));
    reason.sendKeys("192/118 at home, no answer by phone");
    submit(driver.findElement(By.cssSelector("#alert-" + crisis + " form.escalate button[type=submit]")));
    assertThat(label(driver.findElement(By.cssSelector("#alert-" + crisis + " .status")))).isEqualTo("With a doctor");
    JsonNode api = get("/api/v1/alerts/" + crisis).json();
    assertThat(api.get("status").asString()).isEqualTo("escalated");
    assertThat(get("/api/v1/alerts/" + crisis + "/history").json()).anyMatch(e ->
        e.get("action").asString().equals("escalated") && e.get("actor").asString().equals(manager));
  }

  @Test
  @Order(9)
  void theDoctorConfirmsFromTheQueueWithAReason() {
    signOut();
    signIn(doctor);
    waitFor(d -> path().equals("/doctor"));
    assertThat(text("h1")).isEqualTo("Escalations");
    WebElement item = driver.findElement(By.cssSelector("section.escalation[data-alert='" + crisis + "']"));
    assertThat(item.findElement(By.cssSelector("a.member-link")).getText()).isEqualTo("Liu Min");
    assertThat(item.findElement(By.cssSelector(".explanation")).getText()).contains("192/118");
    assertThat(item.getText()).contains("192/118 at home, no answer by phone").contains(manager);
    item.findElement(By.cssSelector(".alert details > summary")).click();
    waitFor(d -> visible(item.findElement(By.cssSelector(".alert .cite"))));
    assertThat(item.findElements(By.cssSelector(".alert ul.evidence li"))).extracting(WebElement::getText)
        .anyMatch(t -> t.contains("192"));
    noMissingMessages();
    if (item.getRect().getY() > 900) {
      scrollTo(item); // other tests' escalations come first
    } else {
      js("window.scrollTo(0, 0)");
    }
    shoot("doctor");

    String why = "Crisis reading confirmed; start treatment review today";
    item.findElement(By.cssSelector(".review-form input[name=reason]")).sendKeys(why);
    submit(item.findElement(By.cssSelector("button.confirm")));
    assertThat(driver.findElements(By.cssSelector("section.escalation[data-alert='" + crisis + "']"))).isEmpty();
    JsonNode reviews = get("/api/v1/alerts/" + crisis + "/reviews").json();
    assertThat(reviews).hasSize(1);
    assertThat(reviews.get(0).get("decision").asString()).isEqualTo("confirmed");
    assertThat(reviews.get(0).get("reason").asString()).isEqualTo(why);
    assertThat(reviews.get(0).get("reviewer").asString()).isEqualTo(doctor);
    assertThat(get("/api/v1/alerts/" + crisis).json().get("status").asString()).isEqualTo("acknowledged");
  }

  @Test
  @Order(10)
  void theManagerSeesTheDoctorsDecision() {
    signOut();
    signIn(manager);
    waitFor(d -> path().equals("/worklist"));
    WebElement review = driver.findElement(By.cssSelector("section.member[data-patient='" + p1 + "'] .review.confirmed"));
    assertThat(review.getText()).contains("Doctor confirmed").contains("Dr Zhang Wei")
        .contains("Crisis reading confirmed; start treatment review today");
    assertThat(driver.findElements(By.cssSelector(".reviews-recent .review.confirmed"))).extracting(WebElement::getText)
        .anyMatch(t -> t.contains(p1) && t.contains("Crisis reading confirmed"));
  }

  @Test
  @Order(11)
  void theLanguageSwitchesToChineseAndBack() {
    driver.findElement(By.id("lang-zh")).click();
    waitFor(d -> "zh-CN".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    assertThat(text("header nav")).contains("工作清单").contains("我的管理对象");
    assertThat(text("h1")).isIn("工作清单", "我的管理对象");
    open("/worklist?mine=true");
    assertThat(text("h1")).isEqualTo("我的管理对象");
    assertThat(label(driver.findElement(By.cssSelector("section.member[data-patient='" + p1 + "'] h2 .badge"))))
        .isNotEqualTo("Emergency").isNotBlank();
    assertThat(driver.manage().getCookieNamed("vigil-lang")).isNotNull();
    noMissingMessages();
    shoot("worklist-zh");
    driver.findElement(By.id("lang-en")).click();
    waitFor(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    assertThat(text("header nav")).contains("Worklist").doesNotContain("工作清单");
  }

  @Test
  @Order(12)
  void theMemberSeesTheirOwnAlertInPlainLanguageAndCannotOpenTheWorklist() {
    signOut();
    signIn(p1);
    waitFor(d -> path().equals("/me"));
    assertThat(text("h1")).isEqualTo("Hello, 刘敏 Liu Min");
    JsonNode api = get("/api/v1/alerts/" + crisis).json();
    WebElement mine = driver.findElements(By.cssSelector("section.plain")).stream()
        .filter(s -> s.getText().contains(api.get("levelLabel").asString())).findFirst()
        .orElseThrow(() -> new AssertionError("the member's page does not show " + api.get("levelLabel")));
    assertThat(label(mine.findElement(By.cssSelector(".badge")))).isEqualTo("Emergency");
    assertThat(mine.getText()).contains("Because of these readings:").contains("Systolic blood pressure 192")
        .contains("Based on: " + api.get("citation").get("title").asString());
    if (!api.get("memberAdvice").isNull()) {
      assertThat(mine.findElement(By.cssSelector(".advice")).getText()).isEqualTo(api.get("memberAdvice").asString());
    }
    assertThat(mine.getText()).doesNotContain("systolic-bp");
    waitFor(d -> !d.findElements(By.cssSelector("#chart-bp canvas")).isEmpty());
    assertThat(text("body")).as("the plan").contains("recheck home blood pressure");
    noMissingMessages();
    shoot("me");
    open("/worklist");
    waitFor(d -> path().equals("/me"));
  }

  @Test
  @Order(13)
  void theWorklistFitsAPhone() {
    signOut();
    signIn(manager);
    waitFor(d -> path().equals("/worklist"));
    driver.manage().window().setSize(new Dimension(390, 844));
    try {
      open("/worklist?mine=true");
      Long inner = (Long) js("return window.innerWidth");
      assertThat(inner).as("the viewport is phone-sized").isLessThanOrEqualTo(400L);
      Map<?, ?> width = (Map<?, ?>) js("return {scroll: document.documentElement.scrollWidth,"
          + " client: document.documentElement.clientWidth}");
      assertThat((Long) width.get("scroll")).as("no horizontal scrolling at %s px: %s", inner, overflowing())
          .isLessThanOrEqualTo((Long) width.get("client") + 1);
      shoot("worklist-phone", false);
    } finally {
      driver.manage().window().setSize(new Dimension(1280, 1000));
    }
  }

  // ---- the browser

  private static ChromeDriver startChromium() {
    File chromedriver = new File(CHROMEDRIVER);
    File chromium = new File(CHROMIUM);
    if (!chromedriver.canExecute() || !chromium.canExecute()) {
      fail("The browser test needs Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
          + " (found: " + chromium.canExecute() + ", " + chromedriver.canExecute() + "). Install them with"
          + " `apt-get install chromium chromium-driver` (Debian/Ubuntu), or point -Dvigil.chromium and"
          + " -Dwebdriver.chrome.driver at them.");
    }
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-extensions", "--window-size=1280,1000", "--lang=en-US",
        "--hide-scrollbars");
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
    ChromeDriver d = new ChromeDriver(service, options);
    d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return d;
  }

  private void open(String path) {
    driver.get("http://localhost:" + port + path);
    waitReady();
  }

  /** The page's path, without a {@code ;jsessionid=} the server may have written into it. */
  private static String path() {
    return URI.create(driver.getCurrentUrl()).getPath().replaceFirst(";.*$", "");
  }

  /** The text as written in the page (getText applies CSS text-transform, e.g. the upper-case badges). */
  private static String label(WebElement e) {
    return squash(e.getDomProperty("textContent"));
  }

  private void signIn(String userId) {
    if (!path().equals("/login")) {
      open("/login");
    }
    WebElement user = driver.findElement(By.cssSelector("button.user[data-user='" + userId + "']"));
    newPageAfter(user::click);
  }

  private void signOut() {
    newPageAfter(driver.findElement(By.cssSelector("form[action='/logout'] button"))::click);
    waitFor(d -> path().equals("/login"));
  }

  /**
   * Submits a form that vigil.js sends to the REST API and waits for the page to reload (success) or fails with
   * the error the page shows.
   */
  private static void submit(WebElement button) {
    driver.executeScript("arguments[0].closest('form').setAttribute('data-submitted', '')", button);
    String error = newPageOr(button::click, "const e = document.querySelector('form[data-submitted] .form-result.error');"
        + " return e ? e.textContent : null;");
    if (error != null) {
      fail("the page shows an error instead of reloading: " + error);
    }
  }

  /** Does something that loads a new page and waits until the new page is ready. */
  private static void newPageAfter(Runnable action) {
    newPageOr(action, "return null;");
  }

  /**
   * Does something and waits for a new page (returns null) or for {@code script}, run in the old page, to return
   * a text (returned, the page stays). A mark in the old page's window tells the pages apart; while the browser
   * navigates, the driver's errors only mean "not yet".
   */
  private static String newPageOr(Runnable action, String script) {
    driver.executeScript("window.vigilTestOldPage = true");
    action.run();
    String out = new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).ignoring(WebDriverException.class)
        .until(d -> {
          Object r = driver.executeScript("if (!window.vigilTestOldPage) return document.readyState === 'complete'"
              + " ? '" + NEW_PAGE + "' : null; " + script);
          return r == null ? null : r.toString();
        });
    return out.equals(NEW_PAGE) ? null : out;
  }

  private static void waitReady() {
    waitFor(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  private static <T> T waitFor(java.util.function.Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

  private static boolean stale(WebElement e) {
    try {
      e.isEnabled();
      return false;
    } catch (WebDriverException gone) {
      return true; // stale, or (while the page changes) "node does not belong to the document"
    }
  }

  private static WebElement visible(WebElement e) {
    return e.isDisplayed() ? e : null;
  }

  private static Object js(String script) {
    return driver.executeScript(script);
  }

  private static String text(String css) {
    return waitFor(d -> d.findElement(By.cssSelector(css))).getText().strip();
  }

  private static List<String> texts(String css, String attribute) {
    return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute(attribute)).toList();
  }

  /** Under which role's heading the login page lists a user. */
  private static String roleOf(String userId) {
    return driver.findElement(By.cssSelector("button.user[data-user='" + userId + "']"))
        .findElement(By.xpath("ancestor::section/h2")).getText();
  }

  private static void scrollTo(WebElement e) {
    driver.executeScript("arguments[0].scrollIntoView({block: 'start'})", e);
  }

  /** Thymeleaf writes ??key_locale?? for a message the bundle does not have. */
  private static void noMissingMessages() {
    assertThat(driver.getPageSource()).as("a UI text without a message in %s", driver.getCurrentUrl())
        .doesNotContainPattern("\\?\\?[\\w.\\-]+\\?\\?");
  }

  /** The elements wider than the viewport, to say what overflows. */
  private static Object overflowing() {
    return js("""
        const w = document.documentElement.clientWidth;
        return Array.from(document.querySelectorAll('body *'))
          .filter(e => e.getBoundingClientRect().right > w + 1)
          .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '')
            + ' right=' + Math.round(e.getBoundingClientRect().right));""");
  }

  private static String squash(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  private static void shoot(String name) {
    shoot(name, true);
  }

  /** Saves a PNG of the window (made taller for the desktop pages so more of the page is seen). */
  private static void shoot(String name, boolean tall) {
    try {
      // A failure's picture is for debugging: never in the documentation's folder.
      Path dir = name.startsWith("failed-") ? Path.of("target", "screenshots") : screenshots;
      Files.createDirectories(dir);
      Optional<Dimension> was = Optional.empty();
      if (tall) {
        was = Optional.of(driver.manage().window().getSize());
        driver.manage().window().setSize(new Dimension(1280, 1400));
        waitReady();
      }
      try {
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
      } finally {
        was.ifPresent(size -> driver.manage().window().setSize(size));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (!name.startsWith("failed-")) {
        throw e;
      }
    }
  }

  /** A member with names in pinyin and characters and a phone, as the simulator writes them. */
  private void member(String id, String family, String given, String zh, String gender, String birthDate,
      String tier, String phone) {
    var r = put("/fhir/Patient/" + id, "application/fhir+json", """
        {"resourceType": "Patient", "id": "%s",
         "meta": {"tag": [{"system": "http://vigil.health/fhir/CodeSystem/tenant", "code": "default"}]},
         "extension": [{"url": "http://vigil.health/fhir/StructureDefinition/service-tier", "valueCode": "%s"}],
         "name": [{"family": "%s", "given": ["%s"]}, {"text": "%s"}],
         "telecom": [{"system": "phone", "value": "%s", "use": "mobile"}],
         "gender": "%s", "birthDate": "%s"}""".formatted(id, tier, family, given, zh, phone, gender, birthDate));
    assertThat(r.status()).as(r.body()).isIn(200, 201);
  }
}
