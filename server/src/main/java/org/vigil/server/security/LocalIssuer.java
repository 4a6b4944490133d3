package org.vigil.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The built-in token issuer of demo and development mode (ADR 0014): an RSA key kept in
 * {@code <data-dir>/keys/issuer-jwk.json} (created on first use, readable only by its owner), signing short-lived
 * JWTs with the claims Vigil reads ({@code sub}, {@code role}, {@code tenant}, optionally {@code org}).
 * {@code ./vigil token} uses the same key, so a token it prints is accepted by the local server. With an external
 * identity provider configured ({@code vigil.security.issuer-uri}) none of this is used.
 */
public final class LocalIssuer {
  /** The {@code iss} of local tokens. */
  public static final String ISSUER = "urn:vigil:local-issuer";

  private final RSAKey key;

  private LocalIssuer(RSAKey key) {
    this.key = key;
  }

  /** The issuer whose key lives under the data dir; the key is created when missing. */
  public static synchronized LocalIssuer at(Path dataDir) {
    Path file = dataDir.resolve("keys").resolve("issuer-jwk.json");
    try {
      if (Files.exists(file)) {
        return new LocalIssuer(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
      }
      RSAKey generated = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString())
          .algorithm(JWSAlgorithm.RS256).generate();
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("issuer-jwk.json.tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, generated.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return new LocalIssuer(generated);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the local issuer key " + file, e);
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("the local issuer key " + file + " is unusable: " + e.getMessage(), e);
    }
  }

  public RSAPublicKey publicKey() {
    try {
      return key.toRSAPublicKey();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key set, as served on {@code /oauth2/jwks}. */
  public JWKSet publicKeys() {
    return new JWKSet(key.toPublicJWK());
  }

  /** A signed token for the subject. */
  public String mint(String subject, String role, String tenant, String organization, Duration ttl, Instant now) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER).subject(subject).claim("role", role).claim("tenant", tenant)
        .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString());
    if (organization != null) {
      claims.claim("org", organization);
    }
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
          claims.build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
    }
  }
}
