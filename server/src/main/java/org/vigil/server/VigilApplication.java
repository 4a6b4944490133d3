package org.vigil.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Vigil's server: {@code java -jar vigil-server.jar} (the {@code ./vigil} launcher passes the options). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class VigilApplication {
  public static void main(String[] args) {
    SpringApplication.run(VigilApplication.class, args);
  }
}
