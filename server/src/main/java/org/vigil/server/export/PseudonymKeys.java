package org.vigil.server.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.vigil.server.config.VigilProperties;

/**
 * The pseudonym key: {@code vigil.export.pseudonym-key} when configured, otherwise a random 256-bit key generated
 * on first use and kept in {@code <vigil.data-dir>/keys/pseudonym.key}, readable by the owner only — so pseudonyms
 * stay stable across restarts without a key ever being in the repository or the configuration files.
 */
@Component
public class PseudonymKeys {
  private static final Logger log = LoggerFactory.getLogger(PseudonymKeys.class);
  static final String FILE = "pseudonym.key";

  private final Optional<String> configured;
  private final Path keyFile;
  private byte[] key;

  @Autowired
  public PseudonymKeys(ExportProperties export, VigilProperties vigil) {
    this(Optional.ofNullable(export.pseudonymKey()).filter(k -> !k.isBlank()),
        vigil.dataDir().resolve("keys").resolve(FILE));
  }

  PseudonymKeys(Optional<String> configured, Path keyFile) {
    this.configured = configured;
    this.keyFile = keyFile;
  }

  /** A pseudonymizer with the key (loaded or generated once). */
  public Pseudonymizer pseudonymizer() {
    return new Pseudonymizer(key());
  }

  synchronized byte[] key() {
    if (key == null) {
      key = configured.map(k -> decode(k, "vigil.export.pseudonym-key")).orElseGet(this::fromFile);
    }
    return key.clone();
  }

  private byte[] fromFile() {
    try {
      if (!Files.exists(keyFile)) {
        create();
      }
      if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
        if (!PosixFilePermissions.fromString("rw-------").containsAll(perms)) {
          log.warn("{} is readable by others than its owner; chmod 600 it", keyFile);
        }
      }
      return decode(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the pseudonym key " + keyFile, e);
    }
  }

  /** Writes a new key to a file created with mode 0600 (never briefly readable by others). */
  private void create() throws IOException {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    Path dir = keyFile.getParent();
    boolean posix = Files.getFileStore(Files.createDirectories(dir)).supportsFileAttributeView("posix");
    try {
      if (posix) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(keyFile);
      }
    } catch (FileAlreadyExistsException raced) {
      return; // another process created it first: use theirs
    }
    Files.writeString(keyFile, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
    log.info("generated a new pseudonym key in {}", keyFile);
  }

  private static byte[] decode(String base64, String where) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + " is not base64");
    }
    if (bytes.length < Pseudonymizer.MIN_KEY_BYTES) {
      throw new IllegalStateException(where + " holds " + bytes.length + " bytes; a pseudonym key needs at least "
          + Pseudonymizer.MIN_KEY_BYTES + " (e.g. openssl rand -base64 32)");
    }
    return bytes;
  }
}
