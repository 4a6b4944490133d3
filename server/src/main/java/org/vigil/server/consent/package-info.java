/**
 * Members' consent (FHIR Consent): to share with insurers, to be used for research and federated training, and to be
 * contacted on each outreach channel. Every use asks {@link org.vigil.server.consent.ConsentService#allows}.
 */
package org.vigil.server.consent;
