package org.vigil.engine.units;

import java.util.function.Function;

/** A value or the problem that prevented it. Errors are values, not exceptions. */
public sealed interface Result<T> {
  record Ok<T>(T value) implements Result<T> {}

  record Err<T>(Problem problem) implements Result<T> {}

  static <T> Result<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Result<T> err(String field, String reason) {
    return new Err<>(new Problem(field, reason));
  }

  default <U> Result<U> map(Function<T, U> f) {
    return switch (this) {
      case Ok<T> ok -> new Ok<>(f.apply(ok.value()));
      case Err<T> err -> new Err<>(err.problem());
    };
  }
}
