package org.vigil.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Drives a Vigil server with the synthetic population: creates every member as a FHIR Patient, then posts their
 * device readings of the last {@code --days} days in batches, paced to {@code --rate}, and reports readings per
 * second and the latency percentiles of the HTTP calls. The imperative shell around the pure generators: the only
 * class in {@code sim} that reads the clock or does I/O.
 */
public final class LoadGenerator {
  private static final String FHIR_JSON = "application/fhir+json";
  private static final String JSON = "application/json";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final int FAILURE_DETAIL_CHARS = 300;

  private final LoadOptions options;
  private final HttpClient http;

  public LoadGenerator(LoadOptions options) {
    this.options = options;
    // HTTP/1.1 on purpose: over plain http the client would otherwise try an h2c upgrade on every connection.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(LoadOptions.USAGE);
      return;
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("LoadGenerator: " + e.getMessage());
      System.err.println(LoadOptions.USAGE);
      System.exit(2);
      return;
    }
    LoadReport report = new LoadGenerator(options).run(Instant.now(), System.out);
    System.out.print(report.summary());
    System.exit(report.ok() ? 0 : 1);
  }

  /** Creates the members, then sends their readings from {@code now - days} to {@code now}. */
  public LoadReport run(Instant now, PrintStream log) {
    List<SimMember> members = Population.generate(options.seed(), options.members());
    log.printf("creating %,d patients at %s%n", members.size(), options.url());
    Sender patients = new Sender();
    try (patients) {
      for (SimMember m : members) {
        patients.submit(() -> patientRequest(m), 1);
      }
    }
    int patientFailures = patients.failedCalls.get();
    if (patientFailures > 0) {
      log.printf("%,d of %,d patients were not accepted; not sending readings%n", patientFailures, members.size());
      return report(members.size(), patients, new Sender(), 0, 0, Duration.ZERO);
    }

    Instant start = now.minus(Duration.ofDays(options.days()));
    log.printf("sending readings from %s to %s in batches of %,d%s%n", start, now, options.batch(),
        options.rate() > 0 ? " at " + options.rate() + " readings/s" : "");
    Iterator<SimReading> feed = MergedStream.of(members, options.seed(), start, now).iterator();
    Sender readings = new Sender();
    long sent = 0;
    int batches = 0;
    long began = System.nanoTime();
    try (readings) {
      while (feed.hasNext()) {
        List<SimReading> batch = new ArrayList<>(options.batch());
        while (batch.size() < options.batch() && feed.hasNext()) {
          batch.add(feed.next());
        }
        awaitSchedule(began, sent);
        readings.submit(() -> readingsRequest(batch), batch.size());
        sent += batch.size();
        batches++;
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - began);
    return report(members.size(), patients, readings, sent, batches, elapsed);
  }

  /** Holds back until {@code alreadySent} readings are due at the requested rate; no wait when it is 0. */
  private void awaitSchedule(long began, long alreadySent) {
    if (options.rate() <= 0) {
      return;
    }
    long due = began + (long) (alreadySent / options.rate() * 1e9);
    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }

  private HttpRequest patientRequest(SimMember m) {
    return authorized(HttpRequest.newBuilder(URI.create(options.url() + "/fhir/Patient/" + m.id())))
        .header("Content-Type", FHIR_JSON)
        .header("Accept", FHIR_JSON)
        .PUT(HttpRequest.BodyPublishers.ofString(PatientJson.of(m)))
        .build();
  }

  private HttpRequest readingsRequest(List<SimReading> batch) {
    return authorized(HttpRequest.newBuilder(URI.create(options.url() + "/api/v1/readings")))
        .header("Content-Type", JSON)
        .header("Accept", JSON)
        .POST(HttpRequest.BodyPublishers.ofString(ReadingsJson.batch(batch)))
        .build();
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder b) {
    options.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b.timeout(REQUEST_TIMEOUT);
  }

  private LoadReport report(int patientCount, Sender patients, Sender readings, long sent, int batches,
      Duration elapsed) {
    Map<String, Long> failures = new java.util.TreeMap<>();
    patients.failures.forEach((k, v) -> failures.merge("patient " + k, v.sum(), Long::sum));
    readings.failures.forEach((k, v) -> failures.merge("readings " + k, v.sum(), Long::sum));
    Optional<String> first = Optional.ofNullable(patients.firstFailure.get())
        .or(() -> Optional.ofNullable(readings.firstFailure.get()));
    return new LoadReport(patientCount, patients.failedCalls.get(), patients.latencies.summary(), sent,
        readings.accepted.get(), batches, readings.failedCalls.get(), elapsed, readings.latencies.summary(),
        failures, first);
  }

  /**
   * Sends requests on virtual threads, at most {@code concurrency} at a time, and tallies what came back.
   * Closing it waits for every request in flight.
   */
  private final class Sender implements AutoCloseable {
    private final Semaphore permits = new Semaphore(options.concurrency());
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Latencies latencies = new Latencies();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicInteger failedCalls = new AtomicInteger();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    /** Sends the request when a slot is free; {@code weight} is how many items it carries. */
    void submit(Supplier<HttpRequest> request, long weight) {
      permits.acquireUninterruptibly();
      executor.execute(() -> {
        try {
          call(request.get(), weight);
        } finally {
          permits.release();
        }
      });
    }

    private void call(HttpRequest request, long weight) {
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        latencies.record(System.nanoTime() - t0);
        if (response.statusCode() / 100 == 2) {
          accepted.addAndGet(weight);
        } else {
          fail("HTTP " + response.statusCode(), request.method() + " " + request.uri().getPath() + " -> "
              + response.statusCode() + ": " + response.body());
        }
      } catch (IOException e) {
        fail(e.getClass().getSimpleName(), request.method() + " " + request.uri() + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted", request.method() + " " + request.uri() + " was interrupted");
      }
    }

    private void fail(String kind, String detail) {
      failedCalls.incrementAndGet();
      failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
      firstFailure.compareAndSet(null,
          detail.length() > FAILURE_DETAIL_CHARS ? detail.substring(0, FAILURE_DETAIL_CHARS) + "..." : detail);
    }

    @Override
    public void close() {
      executor.close();
    }
  }
}
