package org.vigil.server.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.vigil.server.web.InvalidInputException;

/** Stateless offset paging: HAPI writes self/next/previous links with {@code _offset} and {@code _count}. */
final class Paging {
  static final int DEFAULT_COUNT = 50;
  static final int MAX_COUNT = 1000;

  private Paging() {}

  static int count(Integer count) {
    if (count == null) {
      return DEFAULT_COUNT;
    }
    if (count < 0 || count > MAX_COUNT) {
      throw InvalidInputException.of("_count", "must be between 0 and " + MAX_COUNT);
    }
    return count;
  }

  static int offset(Integer offset) {
    if (offset == null) {
      return 0;
    }
    if (offset < 0) {
      throw InvalidInputException.of("_offset", "must not be negative");
    }
    return offset;
  }

  static IBundleProvider page(List<? extends IBaseResource> items, int total, int offset, int count) {
    SimpleBundleProvider p = new SimpleBundleProvider(List.copyOf(items));
    p.setCurrentPageOffset(offset);
    p.setCurrentPageSize(count);
    p.setSize(total);
    return p;
  }
}
