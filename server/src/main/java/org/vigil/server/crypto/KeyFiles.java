package org.vigil.server.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the key ring from configuration, or, when no data key is configured (demo, development), from key files
 * under {@code <data-dir>/keys} that it generates on first start: {@code data-key-1} and {@code search-key}, each
 * one line of base64, readable by the owner only (0600). Only key ids and file names are ever logged.
 */
public final class KeyFiles {
  private static final Logger log = LoggerFactory.getLogger(KeyFiles.class);
  static final String DATA_KEY_PREFIX = "data-key-";
  static final String SEARCH_KEY_FILE = "search-key";
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyFiles() {}

  /** The ring the configuration describes, generating missing key files under {@code dataDir/keys}. */
  public static KeyRing load(DataKeyProperties props, Path dataDir) {
    Path dir = dataDir.resolve("keys");
    Map<String, byte[]> dataKeys = new LinkedHashMap<>();
    if (!props.dataKeys().isEmpty()) {
      props.dataKeys().forEach((id, b64) -> dataKeys.put(id, decode(b64, "vigil.security.data-keys." + id)));
    } else {
      dataKeys.putAll(dataKeyFiles(dir));
      if (dataKeys.isEmpty()) {
        dataKeys.put("1", generate(dir.resolve(DATA_KEY_PREFIX + "1"), KeyRing.AES_KEY_BYTES));
        log.info("Generated data key '1' in {} (no vigil.security.data-keys configured; ADR 0013)", dir);
      }
    }
    byte[] searchKey;
    if (props.searchKey() != null && !props.searchKey().isBlank()) {
      searchKey = decode(props.searchKey(), "vigil.security.search-key");
    } else {
      Path file = dir.resolve(SEARCH_KEY_FILE);
      if (Files.exists(file)) {
        searchKey = read(file);
      } else {
        searchKey = generate(file, KeyRing.MIN_SEARCH_KEY_BYTES);
        log.info("Generated the search key in {} (no vigil.security.search-key configured; ADR 0013)", dir);
      }
    }
    KeyRing ring = new KeyRing(dataKeys, props.activeDataKey(), searchKey);
    log.info("Data keys {}; new writes use '{}'", ring.ids(), ring.activeId());
    return ring;
  }

  /** A fresh random key as one line of base64, the form {@code vigil.security.data-keys.<id>} takes. */
  public static String newKey() {
    byte[] key = new byte[KeyRing.AES_KEY_BYTES];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static Map<String, byte[]> dataKeyFiles(Path dir) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return keys;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> f.getFileName().toString().startsWith(DATA_KEY_PREFIX)).sorted().forEach(f ->
          keys.put(f.getFileName().toString().substring(DATA_KEY_PREFIX.length()), read(f)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the key directory " + dir, e);
    }
    return keys;
  }

  private static byte[] read(Path file) {
    try {
      warnIfOthersCanRead(file);
      return decode(Files.readString(file, StandardCharsets.US_ASCII), "key file " + file.getFileName());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the key file " + file, e);
    }
  }

  private static void warnIfOthersCanRead(Path file) throws IOException {
    if (posix(file.getParent())) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
        log.warn("Key file {} is readable by others than its owner; chmod 600 it", file);
      }
    }
  }

  /** Writes a new random key to {@code file} (mode 0600) unless another process just did; returns the key. */
  private static byte[] generate(Path file, int bytes) {
    byte[] key = new byte[bytes];
    RANDOM.nextBytes(key);
    try {
      Path dir = file.getParent();
      boolean posix = posix(dir);
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      }
      FileAttribute<?>[] attrs = posix
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
          : new FileAttribute<?>[0];
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", attrs);
      Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
      try {
        // A hard link fails when the name exists (rename would replace it): when two starts race, the first key
        // written wins and both use it.
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException e) {
        return read(file);
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, file);
        return key;
      } finally {
        Files.deleteIfExists(tmp);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the key file " + file, e);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static byte[] decode(String b64, String what) {
    try {
      return Base64.getDecoder().decode(b64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(what + " is not valid base64");
    }
  }
}
