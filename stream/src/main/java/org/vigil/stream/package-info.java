/**
 * Scale-out (capability 13, docs/adr/0016-scale-out-on-kafka-streams.md): the very same {@code engine} monitor hosted
 * on Kafka Streams. Readings arrive on a topic keyed by member, each member's {@code PatientState} lives in a
 * changelogged state store, findings go to an alerts topic, processing is exactly-once.
 */
package org.vigil.stream;
