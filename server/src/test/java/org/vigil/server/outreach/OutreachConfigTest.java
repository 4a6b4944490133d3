package org.vigil.server.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import tools.jackson.databind.json.JsonMapper;

/** Which channels exist for which settings, and that a channel asked for without its settings stops the start. */
class OutreachConfigTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(OutreachConfig.class)
      .withBean(JsonMapper.class, () -> JsonMapper.builder().build());

  @Test
  void byDefaultOnlyTheOutboxExistsAndNoMailServerIsNeeded() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx).hasSingleBean(OutreachChannel.class).hasSingleBean(OutboxChannel.class);
      OutreachProperties p = ctx.getBean(OutreachProperties.class);
      assertThat(p.channel()).isEqualTo("outbox");
      assertThat(p.maxAttempts()).isEqualTo(5);
      assertThat(p.pollInterval()).isEqualTo(Duration.ofSeconds(5));
      assertThat(p.retryBackoff()).isEqualTo(Duration.ofSeconds(30));
      assertThat(p.webhook().timeout()).isEqualTo(Duration.ofSeconds(10));
    });
  }

  @Test
  void theEmailChannelNeedsAMailServer() {
    runner.withPropertyValues("vigil.outreach.channel=email").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("spring.mail.host");
    });
    runner.withPropertyValues("vigil.outreach.channel=email", "vigil.outreach.email.from=care@vigil.example",
            "vigil.outreach.email.subjects.manager-message=Von Ihrer Betreuerin")
        .withBean(JavaMailSender.class, JavaMailSenderImpl::new)
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          EmailChannel email = ctx.getBean(EmailChannel.class);
          assertThat(email.subject("manager-message")).isEqualTo("Von Ihrer Betreuerin");
          assertThat(email.subject("safety-advice")).isEqualTo(EmailChannel.DEFAULT_SUBJECTS.get("safety-advice"));
        });
  }

  @Test
  void theWebhookChannelNeedsAUrl() {
    runner.withPropertyValues("vigil.outreach.channel=webhook").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("vigil.outreach.webhook.url");
    });
    runner.withPropertyValues("vigil.outreach.channel=webhook", "vigil.outreach.webhook.url=https://sms.example/send",
            "vigil.outreach.webhook.timeout=PT3S")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx).hasSingleBean(WebhookChannel.class).doesNotHaveBean(EmailChannel.class);
        });
  }
}
