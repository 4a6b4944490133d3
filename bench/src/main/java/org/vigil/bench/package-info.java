/**
 * JMH benchmarks and measuring mains for the engine, each run by one command (see docs/benchmarks.md), and the
 * end-to-end drivers ({@code ./vigil bench ingest|latency|crash|soak}) that talk to a running server over HTTP like
 * any client and read its PostgreSQL with JDBC. May use {@code engine}, {@code knowledge}, {@code sim}, the JDK, JMH
 * and the PostgreSQL driver; never the server's classes.
 */
package org.vigil.bench;
