/**
 * The jobs shipped with the {@code fanout} command (fetch, run, cpu, hash, race, bench and their
 * HTTP clients and reports), built on fanout's API alone: this module reads {@code dev.fanout} and
 * nothing internal of core (core exports nothing else to it; {@code ExportedApiOnlyTest} pins the
 * class files too).
 *
 * <p>Its packages are exported for the command line and the benchmarks, not as a library API. The
 * packages whose records Jackson writes as JSON are open to Jackson.
 */
module dev.fanout.jobs {
  requires transitive dev.fanout; // its tasks, listeners and results are dev.fanout types
  requires java.management; // bench: load average, process CPU
  requires jdk.management; // com.sun.management: the process's CPU time
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.aayushatharva.brotli4j; // --compressed: brotli for both clients
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.codec.http2;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.handler.proxy;
  requires io.netty.resolver;
  requires io.netty.resolver.dns;
  requires transitive io.netty.transport; // NettyHttpClient runs on a given EventLoop
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  // automatic modules: the names in httpclient5's and httpcore5's jar manifests
  requires org.apache.httpcomponents.client5.httpclient5;
  requires org.apache.httpcomponents.core5.httpcore5;
  // httpclient5 logs through SLF4J but, as an automatic module, cannot require it: without this a
  // module path leaves SLF4J out and the blocking client fails on its first request
  requires org.slf4j;
  requires jdk.net; // and sets TCP keep-alive through jdk.net.Sockets, likewise

  exports dev.fanout.jobs.bench;
  exports dev.fanout.jobs.cpu;
  exports dev.fanout.jobs.fetch;
  exports dev.fanout.jobs.hash;
  exports dev.fanout.jobs.http;
  exports dev.fanout.jobs.race;
  exports dev.fanout.jobs.report;
  exports dev.fanout.jobs.run;
  exports dev.fanout.jobs.terminal;

  opens dev.fanout.jobs.fetch to
      com.fasterxml.jackson.databind;
  opens dev.fanout.jobs.bench to
      com.fasterxml.jackson.databind;
}
