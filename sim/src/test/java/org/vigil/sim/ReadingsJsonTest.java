package org.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.engine.monitor.Setting;
import org.vigil.engine.units.Quantity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReadingsJsonTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final OffsetDateTime MORNING = OffsetDateTime.parse("2026-03-02T07:12:00+08:00");

  private static SimReading bloodPressure(String identifier) {
    return SimReading.panel(identifier, "demo-000001", "85354-9",
        List.of(new SimReading.Component("8480-6", new Quantity(142, "mm[Hg]")),
            new SimReading.Component("8462-4", new Quantity(91, "mm[Hg]"))),
        MORNING, "sim:omron-hem-7361t", Setting.HOME);
  }

  @Test
  void aBloodPressureReadingIsExactlyTheDeviceApiItem() {
    String expected = """
        {"identifier": "sim-demo-000001-20260302T0712", "patient": "demo-000001", "code": "85354-9",
         "components": [{"code": "8480-6", "value": 142, "unit": "mm[Hg]"}, {"code": "8462-4", "value": 91, "unit": "mm[Hg]"}],
         "effective": "2026-03-02T07:12:00+08:00", "source": "sim:omron-hem-7361t", "setting": "home"}""";
    assertThat(JSON.readTree(ReadingsJson.item(bloodPressure("sim-demo-000001-20260302T0712"))))
        .isEqualTo(JSON.readTree(expected));
  }

  @Test
  void aSingleValueUsesTopLevelValueAndUnitAndNoComponentsOrContext() {
    SimReading weight = SimReading.single("sim-demo-000001-20260302T0645-weight", "demo-000001", "29463-7",
        new Quantity(72.5, "kg"), MORNING, "sim:body-scale", Setting.HOME, ReadingContext.NONE);
    JsonNode item = JSON.readTree(ReadingsJson.item(weight));
    assertThat(item.propertyNames())
        .containsExactly("identifier", "patient", "code", "value", "unit", "effective", "source", "setting");
    assertThat(item.get("value").isNumber()).isTrue();
    assertThat(item.get("value").decimalValue()).isEqualByComparingTo("72.5");
    assertThat(item.get("unit").stringValue()).isEqualTo("kg");
  }

  @Test
  void fastingGlucoseSaysSoInItsContext() {
    SimReading glucose = SimReading.single("g", "demo-000002", "14771-0", new Quantity(7.4, "mmol/L"), MORNING,
        "sim:glucometer", Setting.HOME, ReadingContext.FASTING);
    JsonNode item = JSON.readTree(ReadingsJson.item(glucose));
    assertThat(item.get("context").propertyNames()).containsExactly("fasting");
    assertThat(item.get("context").get("fasting").isBoolean()).isTrue();
    assertThat(item.get("context").get("fasting").booleanValue()).isTrue();
  }

  @Test
  void aBatchWrapsEveryReadingInAReadingsArrayThatParsesBack() {
    SimMember m = Population.generate(1, 50).stream().filter(x -> x.phenotype().diabetic()).findFirst().orElseThrow();
    Instant start = MORNING.toInstant();
    List<SimReading> readings = DeviceStream.of(m, 3, start, start.plus(Duration.ofDays(30))).stream().toList();
    JsonNode body = JSON.readTree(ReadingsJson.batch(readings));
    assertThat(body.propertyNames()).containsExactly("readings");
    assertThat(body.get("readings")).hasSize(readings.size());
    for (int i = 0; i < readings.size(); i++) {
      SimReading r = readings.get(i);
      JsonNode item = body.get("readings").get(i);
      assertThat(item.get("identifier").stringValue()).isEqualTo(r.identifier());
      assertThat(item.get("patient").stringValue()).isEqualTo(m.id());
      assertThat(OffsetDateTime.parse(item.get("effective").stringValue())).isEqualTo(r.effective());
      assertThat(item.get("effective").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00");
      assertThat(item.get("setting").stringValue()).isEqualTo(r.setting().code());
      if (r.components().isEmpty()) {
        assertThat(item.has("components")).isFalse();
        assertThat(item.get("value").doubleValue()).isEqualTo(r.value().orElseThrow().value());
      } else {
        assertThat(item.has("value")).isFalse();
        assertThat(item.get("components").get(0).get("value").doubleValue())
            .isEqualTo(r.components().getFirst().value().value());
      }
      assertThat(item.has("context")).isEqualTo(!r.context().isEmpty());
    }
    assertThat(JSON.readTree(ReadingsJson.batch(List.of())).get("readings")).isEmpty();
  }

  @Test
  void textIsEscapedAndNumbersNeverUseExponents() {
    String awkward = "quote\" backslash\\ newline\n tab\t bell\u0007 王";
    SimReading r = SimReading.single(awkward, "p", "29463-7", new Quantity(0.0001, "kg"),
        OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), "s", Setting.UNSPECIFIED, ReadingContext.NONE);
    String text = ReadingsJson.item(r);
    JsonNode item = JSON.readTree(text);
    assertThat(item.get("identifier").stringValue()).isEqualTo(awkward);
    assertThat(item.get("value").decimalValue()).isEqualByComparingTo("0.0001");
    assertThat(item.get("effective").stringValue()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(text).doesNotContain("E-").doesNotContain("1.0E");
    for (double v : new double[] {-3.5, 123_456_789.25, 1e20, 5.8, 100}) {
      SimReading n = SimReading.single("n", "p", "29463-7", new Quantity(v, "kg"), MORNING, "s", Setting.HOME,
          ReadingContext.NONE);
      String json = ReadingsJson.item(n);
      assertThat(JSON.readTree(json).get("value").doubleValue()).isEqualTo(v);
      assertThat(json).doesNotContainPattern("\"value\":[^,]*[eE]");
    }
    assertThat(ReadingsJson.item(bloodPressure("x"))).contains("\"value\":142,").doesNotContain("142.0");
    OffsetDateTime precise = OffsetDateTime.parse("2026-03-02T07:12:05.250+05:30");
    SimReading p = SimReading.single("t", "p", "29463-7", new Quantity(70, "kg"), precise, "s", Setting.HOME,
        ReadingContext.NONE);
    assertThat(OffsetDateTime.parse(JSON.readTree(ReadingsJson.item(p)).get("effective").stringValue()))
        .isEqualTo(precise);
  }
}
