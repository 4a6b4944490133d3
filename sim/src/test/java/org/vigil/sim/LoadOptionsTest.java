package org.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
  @Test
  void everyOptionIsReadFromTheCommandLine() {
    LoadOptions o = LoadOptions.parse("--url", "http://vigil.example:9090/", "--members", "2500", "--seed", "-7",
        "--days", "30", "--batch", "250", "--rate", "1500.5", "--token", "abc", "--concurrency", "16");
    assertThat(o.url()).isEqualTo(URI.create("http://vigil.example:9090"));
    assertThat(o.members()).isEqualTo(2500);
    assertThat(o.seed()).isEqualTo(-7);
    assertThat(o.days()).isEqualTo(30);
    assertThat(o.batch()).isEqualTo(250);
    assertThat(o.rate()).isEqualTo(1500.5);
    assertThat(o.token()).contains("abc");
    assertThat(o.concurrency()).isEqualTo(16);
  }

  @Test
  void omittedOptionsTakeTheDefaults() {
    LoadOptions o = LoadOptions.parse();
    assertThat(o.url()).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(o.rate()).isZero();
    assertThat(o.token()).isEmpty();
    assertThat(o.batch()).isEqualTo(500);
  }

  @Test
  void aBadArgumentIsNamedInTheError() {
    assertThatThrownBy(() -> LoadOptions.parse("--members", "many")).hasMessageContaining("--members");
    assertThatThrownBy(() -> LoadOptions.parse("--batch", "0")).hasMessageContaining("--batch");
    assertThatThrownBy(() -> LoadOptions.parse("--rate", "-1")).hasMessageContaining("--rate");
    assertThatThrownBy(() -> LoadOptions.parse("--speed", "9")).hasMessageContaining("--speed");
    assertThatThrownBy(() -> LoadOptions.parse("--url")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> LoadOptions.parse("--url", "localhost:8080")).hasMessageContaining("--url");
  }
}
