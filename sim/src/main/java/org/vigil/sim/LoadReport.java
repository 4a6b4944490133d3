package org.vigil.sim;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a load run achieved: members created, readings delivered, the rate and the latency of the HTTP calls,
 * and what failed (counted by kind, with the first failure's detail to start debugging from).
 *
 * @param patients members sent as FHIR Patients
 * @param patientFailures of those, how many the server did not accept
 * @param patientLatency latency of the Patient PUTs
 * @param readingsSent readings sent
 * @param readingsAccepted readings in batches the server answered with 2xx
 * @param batches reading requests sent
 * @param failedBatches reading requests not answered with 2xx
 * @param readingsElapsed wall time of the readings phase
 * @param readingLatency latency of the reading POSTs
 * @param failures failed calls by kind ("HTTP 400", "ConnectException", ...)
 * @param firstFailure the first failure's detail
 */
public record LoadReport(
    int patients,
    int patientFailures,
    LatencySummary patientLatency,
    long readingsSent,
    long readingsAccepted,
    int batches,
    int failedBatches,
    Duration readingsElapsed,
    LatencySummary readingLatency,
    Map<String, Long> failures,
    Optional<String> firstFailure) {

  public LoadReport {
    failures = Map.copyOf(failures);
  }

  public boolean ok() {
    return patientFailures == 0 && failedBatches == 0;
  }

  public double readingsPerSecond() {
    double seconds = readingsElapsed.toNanos() / 1e9;
    return seconds == 0 ? 0 : readingsAccepted / seconds;
  }

  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "patients: %,d sent, %,d failed; latency %s%n",
        patients, patientFailures, patientLatency.describe()));
    b.append(String.format(Locale.ROOT,
        "readings: %,d of %,d accepted in %,d batches (%,d failed) over %.2f s = %,.1f readings/s%n",
        readingsAccepted, readingsSent, batches, failedBatches, readingsElapsed.toNanos() / 1e9,
        readingsPerSecond()));
    b.append(String.format(Locale.ROOT, "          latency %s%n", readingLatency.describe()));
    if (!failures.isEmpty()) {
      b.append("failures: ").append(failures).append(System.lineSeparator());
      firstFailure.ifPresent(f -> b.append("first failure: ").append(f).append(System.lineSeparator()));
    }
    return b.toString();
  }
}
