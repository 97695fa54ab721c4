package dev.fanout.cli;

import dev.fanout.cluster.ClusterMember;
import dev.fanout.cluster.ClusterSecret;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fanout member}: a standalone cluster member, running until interrupted. */
@Command(
    name = "member",
    mixinStandardHelpOptions = true,
    description = {
      "Start a member of a fanout cluster on this machine and keep it running until interrupted"
          + " (Ctrl-C).",
      "Run batches on it with '--model cluster --members HOST:PORT,...'. Members load tasks by"
          + " class name from fanout's classpath plus --classpath (Hazelcast's open-source"
          + " edition cannot ship classes to members). Members run only classes implementing"
          + " fanout's Task, AsyncTask or Resource. Without a secret, anyone who can reach the"
          + " port and knows the cluster name can run those tasks here (fetch any URL, hash any"
          + " file this user can read) and read or change the cluster's data; with --secret-file"
          + " (or FANOUT_CLUSTER_SECRET) the member runs only job messages authenticated with"
          + " that secret, but traffic is still unencrypted: keep members on loopback or a"
          + " trusted network.",
      ""
    })
public final class MemberCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "5701",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description =
          "Interface to bind and advertise (default: ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Option(
      names = "--members",
      paramLabel = "HOST:PORT",
      split = ",",
      description = "Other members to join, comma separated (default: none, start alone).")
  List<String> members = new ArrayList<>();

  @Option(
      names = "--cluster-name",
      paramLabel = "NAME",
      defaultValue = "fanout",
      description =
          "The cluster's name; clients and members with another refuse (default: ${DEFAULT-VALUE}).")
  String clusterName;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Tasks this member runs at once, over all clients (default: cores).")
  Integer threads;

  @Option(
      names = "--classpath",
      paramLabel = "PATH",
      description =
          "Extra jars or folders holding task classes, separated as in java -cp (repeatable).")
  List<String> classpath = new ArrayList<>();

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description =
          "A file holding the cluster's shared secret (at least 16 bytes); the member then runs"
              + " only work authenticated with it (default: the FANOUT_CLUSTER_SECRET variable,"
              + " else none).")
  Path secretFile;

  @Override
  public Integer call() throws InterruptedException {
    List<Path> extra = new ArrayList<>();
    for (String entries : classpath) {
      for (String entry : entries.split(File.pathSeparator)) {
        if (entry.isBlank()) {
          continue;
        }
        Path p = Path.of(entry);
        if (!Files.exists(p)) {
          throw new UsageException("--classpath: " + p + " does not exist");
        }
        extra.add(p);
      }
    }
    ClusterMember.Settings settings;
    try {
      byte[] secret = ClusterSecret.resolve(secretFile);
      settings =
          new ClusterMember.Settings(
              host,
              port,
              members,
              clusterName,
              threads != null ? threads : Runtime.getRuntime().availableProcessors(),
              extra,
              secret);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    ClusterMember member;
    try {
      member = ClusterMember.start(settings);
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("fanout: " + e.getMessage());
      return ExitCode.USAGE;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(member::close, "fanout-member-stop"));
    spec.commandLine().getErr().println("fanout: " + member.describe() + "; Ctrl-C stops it");
    member.awaitShutdown();
    return ExitCode.OK;
  }
}
