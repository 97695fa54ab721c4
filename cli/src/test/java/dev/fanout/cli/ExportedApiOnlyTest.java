package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Fanout;
import dev.fanout.cluster.ClusterMember;
import dev.fanout.jobs.fetch.FetchJob;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is the only door: the compiled classes of {@code jobs} and {@code cli} refer to no
 * package of the core or cluster module that their {@code module-info} does not export to everyone.
 * Read from the real module descriptors and the real class files, so a new import of an internal
 * type fails here even though the class path would let it compile.
 */
class ExportedApiOnlyTest {
  private static final Pattern CLASS_REF = Pattern.compile("(dev/fanout(?:/[a-z0-9_]+)*)/[A-Z]");

  @Test
  void jobsAndCli_referOnlyToExportedPackagesOfCoreAndCluster() throws IOException {
    Set<String> owned = new HashSet<>();
    Set<String> exported = new HashSet<>();
    withRoot(
        Fanout.class,
        root -> {
          ModuleDescriptor d;
          try (InputStream in = Files.newInputStream(root.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
          }
          d.exports().stream().filter(e -> !e.isQualified()).forEach(e -> exported.add(e.source()));
          owned.addAll(packagesOf(root));
          return null;
        });
    // fanout-cluster is an automatic module (see its pom): its API is what is not "internal"
    withRoot(
        ClusterMember.class,
        root -> {
          for (String pkg : packagesOf(root)) {
            owned.add(pkg);
            if (!pkg.contains(".internal")) {
              exported.add(pkg);
            }
          }
          return null;
        });
    assertThat(exported).containsExactlyInAnyOrder("dev.fanout", "dev.fanout.cluster");
    assertThat(owned).contains("dev.fanout.internal", "dev.fanout.cluster.internal");

    Set<String> used = new TreeSet<>();
    List<String> violations = new ArrayList<>();
    for (Class<?> module : List.of(FetchJob.class, Main.class)) {
      withRoot(
          module,
          root -> {
            for (Map.Entry<String, Set<String>> e : referencesOf(root).entrySet()) {
              for (String pkg : e.getValue()) {
                used.add(pkg);
                if (owned.contains(pkg) && !exported.contains(pkg)) {
                  violations.add(e.getKey() + " uses " + pkg);
                }
              }
            }
            return null;
          });
    }
    assertThat(used).as("the scan sees the API").contains("dev.fanout", "dev.fanout.cluster");
    assertThat(violations).as("uses of non-exported packages").isEmpty();
  }

  @Test
  void scanner_findsInternalReferencesWhereThereAreSome() throws IOException {
    // core's own classes use its internal packages: the scanner must see that, or the test above
    // would pass for nothing
    Map<String, Set<String>> refs = withRoot(Fanout.class, ExportedApiOnlyTest::referencesOf);

    assertThat(refs.get("dev/fanout/Fanout$Builder.class")).contains("dev.fanout.internal");
  }

  private interface RootAction<T> {
    T apply(Path root) throws IOException;
  }

  /** Runs {@code action} on the classes directory or jar that holds {@code anchor}. */
  private static <T> T withRoot(Class<?> anchor, RootAction<T> action) throws IOException {
    Path where;
    try {
      where = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    if (Files.isDirectory(where)) {
      return action.apply(where);
    }
    try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + where.toUri()), Map.of())) {
      return action.apply(jar.getPath("/"));
    }
  }

  private static Set<String> packagesOf(Path root) throws IOException {
    Set<String> packages = new HashSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(p -> p.toString().endsWith(".class") && !p.endsWith("module-info.class"))
          .forEach(p -> packages.add(root.relativize(p.getParent()).toString().replace('/', '.')));
    }
    return packages;
  }

  /** For each class file under {@code root}: the dev.fanout packages its constant pool names. */
  private static Map<String, Set<String>> referencesOf(Path root) throws IOException {
    Map<String, Set<String>> out = new java.util.TreeMap<>();
    List<Path> classes;
    try (Stream<Path> files = Files.walk(root)) {
      classes = files.filter(p -> p.toString().endsWith(".class")).toList();
    }
    for (Path c : classes) {
      Set<String> packages = new TreeSet<>();
      for (String utf8 : utf8Constants(c)) {
        Matcher m = CLASS_REF.matcher(utf8);
        while (m.find()) {
          packages.add(m.group(1).replace('/', '.'));
        }
      }
      out.put(root.relativize(c).toString(), packages);
    }
    return out;
  }

  /** The UTF-8 entries of a class file's constant pool (JVMS 4.4). */
  private static List<String> utf8Constants(Path classFile) throws IOException {
    List<String> strings = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(classFile))) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException(classFile + " is not a class file");
      }
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> strings.add(in.readUTF());
          case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
          case 15 -> in.skipNBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
          case 5, 6 -> {
            in.skipNBytes(8);
            i++; // longs and doubles take two slots
          }
          default -> throw new IOException(classFile + ": unknown constant tag " + tag);
        }
      }
    }
    return strings;
  }
}
