package org.vigil.server.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;
import org.vigil.server.users.CurrentUser;
import org.vigil.server.users.Role;

/**
 * The web pages' settings: English or Simplified Chinese (chosen with {@code ?lang=}, kept in a cookie, else the
 * browser's language), and sign-in before any page. Members see only their own page.
 */
@Configuration(proxyBeanMethods = false)
public class UiConfig implements WebMvcConfigurer {
  /** The languages of the UI. */
  public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

  private final CurrentUser users;

  public UiConfig(CurrentUser users) {
    this.users = users;
  }

  /**
   * Turns off the resource-URL rewriting filter that Spring Boot registers because webjars-locator-lite is present:
   * it looked up every {@code @{...}} link of a page (each member row, each form) on the classpath, which was most of
   * the worklist page's CPU under load (JFR, docs/benchmarks.md). The pages name their scripts by fixed URLs; the
   * webjars' version-free URLs are still resolved when requested.
   */
  @Bean
  public FilterRegistrationBean<ResourceUrlEncodingFilter> noResourceUrlEncoding() {
    FilterRegistrationBean<ResourceUrlEncodingFilter> off = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
    off.setEnabled(false);
    return off;
  }

  @Bean
  public LocaleResolver localeResolver() {
    CookieLocaleResolver r = new CookieLocaleResolver("vigil-lang");
    r.setCookieMaxAge(Duration.ofDays(365));
    r.setDefaultLocaleFunction(request -> {
      Locale wanted = request.getLocale();
      return wanted != null && wanted.getLanguage().equals("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    });
    return r;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
    lang.setParamName("lang");
    registry.addInterceptor(lang);
    registry.addInterceptor(new HandlerInterceptor() {
      @Override
      public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
          throws Exception {
        var user = users.signedIn();
        if (user.isEmpty()) {
          response.sendRedirect("/login");
          return false;
        }
        if (user.get().role() == Role.MEMBER && !request.getRequestURI().startsWith("/me")) {
          response.sendRedirect("/me");
          return false;
        }
        return true;
      }
    }).addPathPatterns("/", "/worklist", "/members/**", "/doctor", "/outbox", "/me", "/ui/**").order(-200);
  }
}
