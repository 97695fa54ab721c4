/**
 * The {@code fanout} command ({@link dev.fanout.cli.Main}): one picocli command per job. It reads
 * fanout's API ({@code dev.fanout}), the jobs and the cluster member, and nothing internal of core
 * ({@code ExportedApiOnlyTest} pins the class files too). Its package is open to picocli, which
 * fills the commands' option fields, and to Jackson, which writes its JSON lines.
 */
module dev.fanout.cli {
  requires dev.fanout;
  requires dev.fanout.jobs;
  requires dev.fanout.cluster;
  requires info.picocli;
  requires io.netty.common; // its logging, chosen once at start
  requires com.fasterxml.jackson.databind;
  requires java.management;
  requires jdk.management; // com.sun.management: the open-file limit
  requires jdk.unsupported; // sun.misc.Signal: SIGTERM's exit code

  opens dev.fanout.cli to
      info.picocli,
      com.fasterxml.jackson.databind;
}
