package org.vigil.server.outreach;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * E-mail through Spring's {@link JavaMailSender} (the server is {@code spring.mail.*}): plain UTF-8 text from the
 * configured sender, a subject per message kind. A member without an e-mail address fails at once, not retried.
 */
public class EmailChannel implements OutreachChannel {
  public static final String NAME = "email";

  /** Subjects when the settings name none for a kind. */
  static final Map<String, String> DEFAULT_SUBJECTS = Map.of(
      "safety-advice", "Vigil: important advice about your latest reading",
      "manager-message", "Vigil: a message from your health manager");
  static final String OTHER_SUBJECT = "Vigil: a message for you";

  private final JavaMailSender sender;
  private final String from;
  private final Map<String, String> subjects;

  public EmailChannel(JavaMailSender sender, OutreachProperties.Email settings) {
    if (settings.from() == null || settings.from().isBlank()) {
      throw new IllegalArgumentException("vigil.outreach.email.from is required for the e-mail channel");
    }
    this.sender = sender;
    this.from = settings.from();
    Map<String, String> all = new HashMap<>(DEFAULT_SUBJECTS);
    all.putAll(settings.subjects());
    this.subjects = Map.copyOf(all);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The subject of a message of this kind. */
  public String subject(String kind) {
    return subjects.getOrDefault(kind, OTHER_SUBJECT);
  }

  @Override
  public Delivery send(OutboundMessage m) throws DeliveryException {
    if (m.email() == null || m.email().isBlank()) {
      throw DeliveryException.permanent("the member has no e-mail address");
    }
    try {
      MimeMessage mime = sender.createMimeMessage();
      MimeMessageHelper mail = new MimeMessageHelper(mime, false, StandardCharsets.UTF_8.name());
      mail.setFrom(from);
      mail.setTo(m.email().strip());
      mail.setSubject(subject(m.kind()));
      mail.setText(m.body(), false);
      sender.send(mime);
      return new Delivery(m.email().strip());
    } catch (MessagingException | MailParseException e) {
      throw new DeliveryException("the e-mail could not be composed: " + e.getClass().getSimpleName()
          + " (check the member's e-mail address and vigil.outreach.email.from)", true, e);
    } catch (MailException e) {
      throw DeliveryException.transientFailure("the mail server did not accept the e-mail: "
          + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
