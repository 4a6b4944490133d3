package org.vigil.server.crypto;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vigil.server.config.VigilProperties;

/** The key ring (loaded once at start; a wrong key configuration stops the server), the cipher and the hasher. */
@Configuration(proxyBeanMethods = false)
public class CryptoConfig {
  @Bean
  KeyRing keyRing(DataKeyProperties props, VigilProperties vigil) {
    return KeyFiles.load(props, vigil.dataDir());
  }

  @Bean
  FieldCipher fieldCipher(KeyRing keys) {
    return new FieldCipher(keys);
  }

  @Bean
  SearchHasher searchHasher(KeyRing keys) {
    return new SearchHasher(keys);
  }
}
