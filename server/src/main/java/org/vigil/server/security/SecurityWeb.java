package org.vigil.server.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link AccessInterceptor} in front of every handler. */
@Configuration(proxyBeanMethods = false)
public class SecurityWeb implements WebMvcConfigurer {
  private final AccessInterceptor access;

  public SecurityWeb(AccessInterceptor access) {
    this.access = access;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(access).order(-100);
  }
}
