package org.vigil.server.outreach;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import tools.jackson.databind.json.JsonMapper;

/**
 * The channels. The outbox always exists; the e-mail and webhook channels are built only when
 * {@code vigil.outreach.channel} selects them, so a server without a mail host or webhook URL starts as long as it
 * does not ask for them — and one that asks for them without the settings refuses to start, saying which is missing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutreachProperties.class)
public class OutreachConfig {

  @Bean
  OutboxChannel outboxChannel() {
    return new OutboxChannel();
  }

  @Bean
  @ConditionalOnProperty(prefix = "vigil.outreach", name = "channel", havingValue = EmailChannel.NAME)
  EmailChannel emailChannel(ObjectProvider<JavaMailSender> sender, OutreachProperties props) {
    JavaMailSender mail = sender.getIfAvailable();
    if (mail == null) {
      throw new IllegalStateException("vigil.outreach.channel=email needs a mail server: set spring.mail.host"
          + " (and spring.mail.port, spring.mail.username, spring.mail.password as needed)");
    }
    return new EmailChannel(mail, props.email());
  }

  @Bean
  @ConditionalOnProperty(prefix = "vigil.outreach", name = "channel", havingValue = WebhookChannel.NAME)
  WebhookChannel webhookChannel(OutreachProperties props, JsonMapper json) {
    return new WebhookChannel(props.webhook(), json);
  }
}
