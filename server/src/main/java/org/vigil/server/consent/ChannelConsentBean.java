package org.vigil.server.consent;

import org.springframework.stereotype.Component;
import org.vigil.server.outreach.MessageDispatcher;

/** The outreach dispatcher asks consent here before a message leaves Vigil. */
@Component
class ChannelConsentBean implements MessageDispatcher.ChannelConsent {
  private final ConsentService consents;

  ChannelConsentBean(ConsentService consents) {
    this.consents = consents;
  }

  @Override
  public boolean allows(String patientId, String scope) {
    return consents.allows(patientId, scope, null);
  }
}
