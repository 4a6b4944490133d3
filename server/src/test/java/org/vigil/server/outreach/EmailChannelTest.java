package org.vigil.server.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The e-mail channel against a real SMTP server (GreenMail on a free port). */
class EmailChannelTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private JavaMailSenderImpl sender;

  @BeforeEach
  void sender() {
    sender = sender(SMTP.getSmtp().getPort());
  }

  private static JavaMailSenderImpl sender(int port) {
    JavaMailSenderImpl s = new JavaMailSenderImpl();
    s.setHost("127.0.0.1");
    s.setPort(port);
    Properties p = new Properties();
    p.put("mail.smtp.connectiontimeout", "2000");
    p.put("mail.smtp.timeout", "2000");
    s.setJavaMailProperties(p);
    return s;
  }

  private static OutboundMessage message(String kind, String body, String email) {
    return new OutboundMessage(42, "out-email-1", kind, body, "+86 138 0000 0000", email, Instant.now());
  }

  @Test
  void deliversToTheMembersAddressWithTheKindsSubject() throws Exception {
    var channel = new EmailChannel(sender, new OutreachProperties.Email("care@vigil.example", Map.of()));
    String body = "请明天早上再量一次血压。Please measure your blood pressure again tomorrow morning.";

    Delivery d = channel.send(message("manager-message", body, " wang.fang@example.org "));

    assertThat(d.recipient()).isEqualTo("wang.fang@example.org");
    assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage mail = received[0];
    assertThat(mail.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("wang.fang@example.org");
    assertThat(mail.getFrom()).extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("care@vigil.example");
    assertThat(mail.getSubject()).isEqualTo("Vigil: a message from your health manager");
    assertThat(((String) mail.getContent()).strip()).isEqualTo(body);
  }

  @Test
  void subjectsFollowTheKindAndTheSettings() throws Exception {
    var channel = new EmailChannel(sender, new OutreachProperties.Email("care@vigil.example",
        Map.of("safety-advice", "Urgent: your reading")));

    channel.send(message("safety-advice", "Call 120 now.", "li.lei@example.org"));
    channel.send(message("reminder", "Time for your weekly reading.", "li.lei@example.org"));

    assertThat(SMTP.waitForIncomingEmail(5_000, 2)).isTrue();
    assertThat(SMTP.getReceivedMessages()).extracting(MimeMessage::getSubject)
        .containsExactly("Urgent: your reading", "Vigil: a message for you");
  }

  @Test
  void aMemberWithoutAnEmailAddressFailsForGoodWithAReason() {
    var channel = new EmailChannel(sender, new OutreachProperties.Email("care@vigil.example", Map.of()));

    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(message("manager-message", "Hello", null)));
    DeliveryException blank = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(message("manager-message", "Hello", "  ")));

    assertThat(e).isNotNull();
    assertThat(e.reason()).contains("no e-mail address");
    assertThat(e.permanent()).isTrue();
    assertThat(blank).isNotNull();
    assertThat(blank.permanent()).isTrue();
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void anUnreachableMailServerIsAFailureToRetry() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    var channel = new EmailChannel(sender(closedPort), new OutreachProperties.Email("care@vigil.example", Map.of()));

    DeliveryException e = catchThrowableOfType(DeliveryException.class,
        () -> channel.send(message("manager-message", "Hello", "li.lei@example.org")));

    assertThat(e).isNotNull();
    assertThat(e.permanent()).isFalse();
    assertThat(e.reason()).startsWith("the mail server did not accept the e-mail");
  }
}
