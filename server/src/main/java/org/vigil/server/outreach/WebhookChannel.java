package org.vigil.server.outreach;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs each message as JSON ({@code messageId, patientId, kind, body, phone, email}) to a configured URL, so an
 * SMS gateway or any other service can deliver it. With a secret the body is signed with HMAC-SHA256 in
 * {@code X-Vigil-Signature: sha256=<hex>}; {@code X-Vigil-Message-Id} lets the receiver drop a repeat (delivery is
 * at least once). Any 2xx answer is success; anything else, or no answer in time, is a failure to retry.
 */
public class WebhookChannel implements OutreachChannel, AutoCloseable {
  public static final String NAME = "webhook";
  public static final String SIGNATURE_HEADER = "X-Vigil-Signature";
  public static final String MESSAGE_ID_HEADER = "X-Vigil-Message-Id";

  private final URI url;
  private final byte[] secret;
  private final Duration timeout;
  private final JsonMapper json;
  private final HttpClient client;

  public WebhookChannel(OutreachProperties.Webhook settings, JsonMapper json) {
    if (settings.url() == null || settings.url().getHost() == null
        || !(settings.url().getScheme().equals("http") || settings.url().getScheme().equals("https"))) {
      throw new IllegalArgumentException("vigil.outreach.webhook.url must be an http(s) URL for the webhook channel");
    }
    if (settings.timeout() == null || settings.timeout().isNegative() || settings.timeout().isZero()) {
      throw new IllegalArgumentException("vigil.outreach.webhook.timeout must be positive");
    }
    this.url = settings.url();
    this.secret = settings.secret() == null || settings.secret().isEmpty() ? null
        : settings.secret().getBytes(StandardCharsets.UTF_8);
    this.timeout = settings.timeout();
    this.json = json;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Delivery send(OutboundMessage m) throws DeliveryException {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("messageId", m.messageId());
    payload.put("patientId", m.patientId());
    payload.put("kind", m.kind());
    payload.put("body", m.body());
    payload.put("phone", m.phone());
    payload.put("email", m.email());
    byte[] body = json.writeValueAsBytes(payload);
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header(MESSAGE_ID_HEADER, Long.toString(m.messageId()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      request.header(SIGNATURE_HEADER, "sha256=" + sign(secret, body));
    }
    HttpResponse<Void> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw DeliveryException.transientFailure("the webhook did not answer within " + timeout, e);
    } catch (IOException e) {
      throw DeliveryException.transientFailure("the webhook could not be reached: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryException.transientFailure("interrupted while calling the webhook", e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw DeliveryException.transientFailure("the webhook answered HTTP " + status, null);
    }
    return new Delivery(m.phone() != null ? m.phone() : m.email());
  }

  /** The lower-case hex HMAC-SHA256 of the body with the secret. */
  static String sign(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
